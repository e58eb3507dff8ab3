import { logger, TransientError } from "@shoebox/runtime";
import type { DatabaseTarget } from "@shoebox/schemas";
import { type PostgresServer, startPostgres } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DeliveryConnection } from "../../src/connection.ts";

/*
 * Two servers of our own, each with its own throwaway CA: one whose certificate names
 * 127.0.0.1 and localhost (where it listens), one whose certificate names wrong.example.
 * DATABASE_URL is ignored here: these tests need servers whose certificates they know.
 */
let server: PostgresServer;
let wrongHost: PostgresServer;

beforeAll(async () => {
  const { DATABASE_URL: _external, ...env } = process.env;
  [server, wrongHost] = await Promise.all([
    startPostgres({ env }),
    startPostgres({ env, certificateNames: ["wrong.example"] }),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), wrongHost?.stop()]);
});

const withQuery = (url: string, query: string) => `${url}${url.includes("?") ? "&" : "?"}${query}`;
const withHost = (url: string, host: string) => {
  const parsed = new URL(url);
  parsed.hostname = host;
  return parsed.toString();
};

/** Whether the session is encrypted, as the server itself sees it (pg_stat_ssl). */
const sessionEncrypted = async (target: DatabaseTarget): Promise<boolean> => {
  const connection = new DeliveryConnection({ target, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000 });
  try {
    return await connection.run(async (client) => {
      const { rows } = await client.query<{ ssl: boolean }>(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
      );
      return rows[0]?.ssl === true;
    });
  } finally {
    await connection.close();
  }
};

const refusal = async (target: DatabaseTarget): Promise<Error> => {
  const error = await sessionEncrypted(target).then(
    () => undefined,
    (failure: Error) => failure,
  );
  if (!error) throw new Error("the connection was expected to be refused");
  return error;
};

describe("TLS to the customer's PostgreSQL", () => {
  it("verifies the server by default (verify-full): connects over TLS when the certificate chains to caCertificate and names the host", async () => {
    const overIp = await sessionEncrypted({ url: server.url, caCertificate: server.caCertificate });
    const overName = await sessionEncrypted({
      url: withHost(server.url, "localhost"),
      caCertificate: server.caCertificate,
    });

    expect(overIp).toBe(true);
    expect(overName).toBe(true);
  });

  it("refuses a server whose certificate names another host, even from the trusted CA, and says to check the host name", async () => {
    const error = await refusal({ url: wrongHost.url, caCertificate: wrongHost.caCertificate });

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/certificate does not name 127\.0\.0\.1/);
    expect(error.message).toMatch(/check the host name in the database URL/);
  });

  it("refuses a certificate from a CA it was not given, and one no public CA signed, and says to set caCertificate", async () => {
    const otherCa = await refusal({ url: server.url, caCertificate: wrongHost.caCertificate });
    const publicCasOnly = await refusal({ url: server.url });

    for (const error of [otherCa, publicCasOnly]) {
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toMatch(/certificate is not trusted/);
      expect(error.message).toMatch(/caCertificate/);
    }
    expect(publicCasOnly.message).toMatch(/DATABASE_CA_FILE/);
  });

  it("with sslmode=verify-ca checks the chain but not the host name, and warns", async () => {
    const warn = vi.spyOn(logger, "warn");

    const encrypted = await sessionEncrypted({
      url: withQuery(wrongHost.url, "sslmode=verify-ca"),
      caCertificate: wrongHost.caCertificate,
    });
    const untrusted = await refusal({
      url: withQuery(wrongHost.url, "sslmode=verify-ca"),
      caCertificate: server.caCertificate,
    });

    expect(encrypted).toBe(true);
    expect(untrusted.message).toMatch(/certificate is not trusted/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not fully verified \(sslmode=verify-ca\)/), {
      host: "127.0.0.1",
    });
    warn.mockRestore();
  });

  it("goes without TLS only when the URL says sslmode=disable, and warns that it must not be used in production", async () => {
    const warn = vi.spyOn(logger, "warn");

    const disabled = await sessionEncrypted({ url: withQuery(server.url, "sslmode=disable") });
    const unwritten = await sessionEncrypted({ url: server.url, caCertificate: server.caCertificate });
    const required = await sessionEncrypted({ url: withQuery(wrongHost.url, "sslmode=require") });

    expect(disabled).toBe(false);
    expect(unwritten).toBe(true);
    expect(required).toBe(true); // encrypted, verified by nothing: libpq's require
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/sslmode=disable\): no TLS: .* never in production/),
      expect.stringMatching(/sslmode=require\): TLS without verification/),
    ]);
    warn.mockRestore();
  });

  it("refuses TLS settings in the URL that would bypass the policy (sslrootcert, ssl)", async () => {
    const rootCert = await refusal({ url: withQuery(server.url, "sslrootcert=/etc/ssl/ca.pem") });
    const noVerify = await refusal({ url: withQuery(server.url, "ssl=no-verify") });

    expect(rootCert.message).toMatch(/sets sslrootcert, which shoebox does not take from the URL/);
    expect(noVerify.message).toMatch(/sets ssl, which/);
  });
});
