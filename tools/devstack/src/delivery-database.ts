import { migrate } from "@shoebox/pg-delivery";
import { startPostgres } from "@shoebox/testing";
import pg from "pg";
import type { EventsLog } from "./events-log.ts";

/**
 * The customer's PostgreSQL, locally: a server started from this machine's binaries (trust
 * authentication on 127.0.0.1, so the URL has no password), or the one DATABASE_URL names,
 * migrated once with the schema @shoebox/pg-delivery ships. The started server speaks TLS with
 * a certificate for 127.0.0.1 from a throwaway CA (`caCertificate`); receipt-delivery gets the
 * URL and that CA from Terraform (`delivery_database_url`, `delivery_database_ca_certificate`),
 * in its secret, as it would on AWS, and verifies the server as in production.
 */
export interface DeliveryDatabase {
  /** postgres://postgres@127.0.0.1:<port>/shoebox */
  url: string;
  /**
   * The CA (PEM) of the server's certificate: the started server's own throwaway CA, or the
   * file DATABASE_CA_FILE names for a DATABASE_URL server (absent without it: such a URL then
   * needs a certificate from a public CA, or an explicit sslmode).
   */
  caCertificate?: string;
  /** True when the stack started the server (and stops it); false for DATABASE_URL. */
  managed: boolean;
  /** Migrations applied now (empty when the database was already up to date). */
  applied: string[];
  /** Rows in shoebox_receipts, all of them or those with these receipt ids. */
  countReceipts(receiptIds?: string[]): Promise<number>;
  stop(): Promise<void>;
}

const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url, application_name: "shoebox-devstack" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * Starts (or connects to) the delivery database and migrates it.
 *
 * @example
 * const database = await startDeliveryDatabase(log);
 * await database.countReceipts(["01J..."]); // 1 once delivered
 */
export const startDeliveryDatabase = async (
  log: EventsLog,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DeliveryDatabase> => {
  log.info("postgres", env.DATABASE_URL ? "using DATABASE_URL" : "starting PostgreSQL");
  const server = await startPostgres({ env });
  try {
    const applied = await withClient(server.url, (client) => migrate(client));
    log.info(
      "postgres",
      `${server.url}: ${applied.length ? `migrations ${applied.join(", ")} applied` : "schema up to date"}`,
    );
    return {
      url: server.url,
      ...(server.caCertificate ? { caCertificate: server.caCertificate } : {}),
      managed: server.managed,
      applied,
      countReceipts: (receiptIds) =>
        withClient(server.url, async (client) => {
          const { rows } = await client.query<{ rows: number }>(
            receiptIds
              ? "SELECT count(*)::int AS rows FROM shoebox_receipts WHERE receipt_id = ANY($1)"
              : "SELECT count(*)::int AS rows FROM shoebox_receipts",
            receiptIds ? [receiptIds] : [],
          );
          return rows[0]?.rows ?? 0;
        }),
      stop: async () => {
        await server.stop();
        log.info("postgres", server.managed ? "stopped" : "left running (DATABASE_URL)");
      },
    };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
};
