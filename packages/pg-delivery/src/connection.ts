import { logger } from "@shoebox/runtime";
import type { DatabaseTarget } from "@shoebox/schemas";
import pg from "pg";
import { isConnectionError, toDeliveryError } from "./errors.ts";
import { connectionPlan, explainTlsFailure } from "./tls.ts";

export interface ConnectionSettings {
  /**
   * The database: its URL (postgres://user:password@host:port/database, TLS set by its
   * sslmode, see tls.ts) and the CA of its certificate; or where to read them each time a
   * connection is opened (a secret: a rotated password is picked up by the next connection).
   */
  target: DatabaseTarget | (() => Promise<DatabaseTarget>);
  /** Shown in pg_stat_activity, so the customer's DBA (and the benchmark) can count our sessions. */
  applicationName?: string;
  /** The server cancels a statement that runs longer (SQLSTATE 57014: the batch is retried later). */
  statementTimeoutMs: number;
  /** Giving up on a server that does not answer the connection. */
  connectTimeoutMs: number;
}

export const DEFAULT_APPLICATION_NAME = "shoebox-delivery";

/**
 * The ONE connection of a process (a Lambda container, an agent worker), opened on first use
 * and kept across invocations, so the database sees at most one session per container and
 * the event source mapping's maximum concurrency caps them all. A connection that broke (the
 * server restarted, an idle socket was cut while the container was frozen) is thrown away
 * and the next call opens a new one.
 *
 * @example
 * const connection = new DeliveryConnection({ target: { url, caCertificate }, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000 });
 * const results = await connection.run((client) => upsertReceipts(client, receipts));
 */
export class DeliveryConnection {
  readonly #settings: ConnectionSettings;
  #client: pg.Client | undefined;

  constructor(settings: ConnectionSettings) {
    this.#settings = settings;
  }

  /**
   * Runs `work` on the connection. When a connection kept from an earlier call turns out to be
   * dead, `work` runs once more on a fresh one, so it must be idempotent (upserts are).
   * Errors come back as PermanentError (a row's data) or TransientError (everything else).
   */
  async run<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const reused = this.#client !== undefined;
    try {
      return await work(await this.#connected());
    } catch (error) {
      if (!isConnectionError(error)) throw toDeliveryError(error, "writing to PostgreSQL");
      await this.#discard();
      if (!reused) throw toDeliveryError(error, "writing to PostgreSQL");
      logger.info("the kept PostgreSQL connection was dead; retrying on a new one", {
        reason: String(error),
      });
      try {
        return await work(await this.#connected());
      } catch (retryError) {
        if (isConnectionError(retryError)) await this.#discard();
        throw toDeliveryError(retryError, "writing to PostgreSQL");
      }
    }
  }

  /** Closes the connection (an agent shutting down); the next `run` would open a new one. */
  async close(): Promise<void> {
    await this.#discard();
  }

  async #connected(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const target =
      typeof this.#settings.target === "function" ? await this.#settings.target() : this.#settings.target;
    const plan = connectionPlan(target);
    if (plan.weakness) {
      logger.warn(
        `the PostgreSQL connection is not fully verified (sslmode=${plan.sslmode}): ${plan.weakness}`,
        {
          host: plan.host,
        },
      );
    }
    let failure: unknown;
    for (const ssl of plan.attempts) {
      try {
        const client = await this.#open(plan.connectionString, ssl);
        this.#client = client;
        return client;
      } catch (error) {
        failure ??= explainTlsFailure(error, plan, target.caCertificate !== undefined);
        // A server that is down or unreachable fails every attempt alike: no fallback then.
        if (isConnectionError(error)) break;
      }
    }
    throw failure;
  }

  async #open(connectionString: string, ssl: pg.ClientConfig["ssl"]): Promise<pg.Client> {
    const { applicationName, statementTimeoutMs, connectTimeoutMs } = this.#settings;
    const client = new pg.Client({
      connectionString,
      ssl,
      application_name: applicationName ?? DEFAULT_APPLICATION_NAME,
      statement_timeout: statementTimeoutMs,
      // statement_timeout is enforced by the server; this one also ends a call whose server vanished.
      query_timeout: statementTimeoutMs + connectTimeoutMs,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
    });
    // Without a listener, a socket error on an idle connection would crash the process.
    client.on("error", (error) => {
      logger.warn("the PostgreSQL connection failed; the next call opens a new one", {
        reason: String(error),
      });
      if (this.#client === client) this.#client = undefined;
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  async #discard(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}
