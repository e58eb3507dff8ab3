import { DEFAULT_APPLICATION_NAME } from "@shoebox/pg-delivery";
import pg from "pg";

/** What the peak run reads from PostgreSQL itself, about its own receipts. */
export interface DeliverySnapshot {
  /** Rows of shoebox_receipts for the run's receipt ids (photo ids). */
  rows: number;
  /** Rows of them written more than once (write_count > 1). */
  writtenTwice: number;
  /** Sessions of the delivery function right now (pg_stat_activity, application_name). */
  sessions: number;
  /** delivered_at of the newest of them. */
  lastDeliveredAt?: Date;
}

/** A delivered row as the duplicate check keys it: merchant, date, total in minor units, currency. */
export interface DeliveredRow {
  merchant: string;
  date: string;
  totalMinor: number;
  currency: string;
}

const SNAPSHOT_SQL = `SELECT
  count(*)::int AS rows,
  count(*) FILTER (WHERE write_count > 1)::int AS written_twice,
  max(delivered_at) AS last_delivered_at,
  (SELECT count(*)::int FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = $2) AS sessions
FROM shoebox_receipts WHERE receipt_id = ANY($1::text[])`;

/**
 * A reconnecting reader of the delivery database: one short-timeout session of its own
 * (application_name shoebox-peak, so it never counts as a delivery session), re-opened on the
 * next call after the server went away. A call during an outage rejects; the caller shows
 * "database down" and tries again later.
 *
 * @example
 * const probe = new DeliveryProbe(databaseUrl);
 * const { rows, sessions } = await probe.snapshot(photoIds);
 */
export class DeliveryProbe {
  readonly #url: string;
  readonly #applicationName: string;
  #client: pg.Client | undefined;

  constructor(url: string, options: { deliveryApplicationName?: string } = {}) {
    this.#url = url;
    this.#applicationName = options.deliveryApplicationName ?? DEFAULT_APPLICATION_NAME;
  }

  async snapshot(receiptIds: readonly string[]): Promise<DeliverySnapshot> {
    const { rows } = await this.#query<{
      rows: number;
      written_twice: number;
      sessions: number;
      last_delivered_at: Date | null;
    }>(SNAPSHOT_SQL, [receiptIds, this.#applicationName]);
    const row = rows[0];
    return {
      rows: row?.rows ?? 0,
      writtenTwice: row?.written_twice ?? 0,
      sessions: row?.sessions ?? 0,
      ...(row?.last_delivered_at ? { lastDeliveredAt: row.last_delivered_at } : {}),
    };
  }

  /** The delivered rows of these receipts, to compare with the plan. */
  async deliveredRows(receiptIds: readonly string[]): Promise<DeliveredRow[]> {
    const { rows } = await this.#query<{
      merchant: string;
      receipt_date: string;
      total_minor: string;
      currency: string;
    }>(
      `SELECT merchant, to_char(receipt_date, 'YYYY-MM-DD') AS receipt_date, total_minor, currency
       FROM shoebox_receipts WHERE receipt_id = ANY($1::text[])`,
      [receiptIds],
    );
    return rows.map((row) => ({
      merchant: row.merchant,
      date: row.receipt_date,
      totalMinor: Number(row.total_minor),
      currency: row.currency.trim(),
    }));
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #query<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      if (!this.#client) {
        const client = new pg.Client({
          connectionString: this.#url,
          application_name: "shoebox-peak",
          connectionTimeoutMillis: 2000,
          query_timeout: 10_000,
        });
        client.on("error", () => {
          if (this.#client === client) this.#client = undefined;
        });
        this.#client = client;
        await client.connect();
      }
      return await this.#client.query<Row>(sql, values);
    } catch (error) {
      await this.close();
      throw error;
    }
  }
}
