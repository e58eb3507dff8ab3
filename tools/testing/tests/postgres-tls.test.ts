import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgres } from "../src/postgres.ts";

let postgres: PostgresServer;

beforeAll(async () => {
  const { DATABASE_URL: _external, ...env } = process.env;
  postgres = await startPostgres({ env });
});

afterAll(async () => {
  await postgres?.stop();
});

const sslInUse = async (config: pg.ClientConfig): Promise<boolean> => {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>(
      "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    return rows[0]?.ssl ?? false;
  } finally {
    await client.end();
  }
};

describe("startPostgres", () => {
  it("serves TLS with a certificate for 127.0.0.1 and localhost signed by the CA it returns, and still accepts plaintext", async () => {
    const verifying = { ca: postgres.caCertificate, rejectUnauthorized: true };
    const url = new URL(postgres.url);

    const overIp = await sslInUse({ connectionString: postgres.url, ssl: verifying });
    const overName = await sslInUse({
      host: "localhost",
      port: Number(url.port),
      user: "postgres",
      database: "shoebox",
      ssl: verifying,
    });
    const plaintext = await sslInUse({ connectionString: postgres.url });

    expect(postgres.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(overIp).toBe(true);
    expect(overName).toBe(true);
    expect(plaintext).toBe(false);
  });
});
