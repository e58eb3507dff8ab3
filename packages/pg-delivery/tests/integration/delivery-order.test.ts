import { PermanentError } from "@shoebox/runtime";
import type { DeliveryMessage } from "@shoebox/schemas";
import { type PostgresServer, deliveryMessage as receipt, startPostgres } from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryConnection } from "../../src/connection.ts";
import { deliverReceipts } from "../../src/deliver.ts";
import { migrate } from "../../src/migrate.ts";
import { upsertReceipts } from "../../src/upsert.ts";

/*
 * A corrected receipt (a later storedAt) must never be overwritten by the version before it,
 * whatever order the two arrive in: the older one may come after it from a DLQ redrive, a
 * Step Functions retry of DeliverReceipt, a standard queue's reordering, or in the same batch.
 */

let postgres: PostgresServer;
let client: pg.Client;
let delivery: DeliveryConnection;

const original = receipt(1, {
  merchant: "Read by OCR",
  totalMinor: 1249,
  storedAt: "2026-11-24T09:30:00.000Z",
});
const corrected = receipt(1, {
  merchant: "Corrected",
  totalMinor: 1294,
  storedAt: "2026-11-25T16:05:00.000Z",
});

const stored = async (receiptId = "r-00001") =>
  (
    await client.query<{ merchant: string; total_minor: string; stored_at: string; write_count: number }>(
      `SELECT merchant, total_minor, to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS stored_at, write_count
       FROM shoebox_receipts WHERE receipt_id = $1`,
      [receiptId],
    )
  ).rows[0];

const waitUntilBlocked = async (applicationName: string) => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
      [applicationName],
    );
    if (rows.length > 0) return;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`${applicationName} never waited for a lock`);
};

beforeAll(async () => {
  postgres = await startPostgres({ freshDatabase: true });
  client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await migrate(client);
  delivery = new DeliveryConnection({
    target: { url: postgres.url, caCertificate: postgres.caCertificate },
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
  });
});

afterAll(async () => {
  await delivery?.close();
  await client?.end();
  await postgres?.stop();
});

beforeEach(async () => {
  await client.query("TRUNCATE shoebox_receipts");
});

describe("the newer version of a receipt wins, whatever the order of delivery", () => {
  it("keeps the correction when the original arrives after it (redriven from the DLQ, or a Step Functions retry)", async () => {
    const first = await deliverReceipts(delivery, [corrected]);
    const stale = await deliverReceipts(delivery, [original]);

    expect(first.get("r-00001")).toEqual({ result: "inserted" });
    expect(stale.get("r-00001")).toEqual({ result: "unchanged" });
    expect(await stored()).toEqual({
      merchant: "Corrected",
      total_minor: "1294",
      stored_at: "2026-11-25T16:05:00.000000",
      write_count: 1,
    });
  });

  it("keeps the correction when the original is redelivered after both arrived in order", async () => {
    await deliverReceipts(delivery, [original]);
    const correction = await deliverReceipts(delivery, [corrected]);
    const redriven = await deliverReceipts(delivery, [original]);

    expect(correction.get("r-00001")).toEqual({ result: "updated" });
    expect(redriven.get("r-00001")).toEqual({ result: "unchanged" });
    expect(await stored()).toMatchObject({ merchant: "Corrected", write_count: 2 });
  });

  it.each([
    ["original first", [original, corrected]],
    ["correction first", [corrected, original]],
  ])("writes only the correction when one batch holds both versions (%s)", async (_, batch) => {
    const fresh = await upsertReceipts(client, batch);
    await client.query("TRUNCATE shoebox_receipts");
    await upsertReceipts(client, [receipt(1, { storedAt: "2026-11-20T08:00:00.000Z" })]);
    const overOlder = await upsertReceipts(client, batch);

    expect(fresh.get("r-00001")).toBe("inserted");
    expect(overOlder.get("r-00001")).toBe("updated");
    expect(await stored()).toMatchObject({ merchant: "Corrected", total_minor: "1294", write_count: 2 });
  });

  it("keeps the newest version when the batch is written one receipt at a time (a batch-mate's row was refused)", async () => {
    const refused = receipt(2, { currency: "EURO" }); // char(3): the table refuses it (22001)

    const outcomes = await deliverReceipts(delivery, [corrected, refused, original]);

    expect(outcomes.get("r-00001")).toEqual({ result: "inserted" });
    expect((outcomes.get("r-00002") as { error: unknown }).error).toBeInstanceOf(PermanentError);
    expect(await stored()).toMatchObject({ merchant: "Corrected", write_count: 1 });
  });
});

describe("versions are compared as PostgreSQL stores them", () => {
  // timestamptz keeps microseconds; JavaScript's Date keeps milliseconds, so the batch must not
  // pick its newest version with Date.parse: these two are one millisecond to Date.
  const earlier = receipt(1, { merchant: "Earlier", storedAt: "2026-11-25T16:05:00.000100Z" });
  const later = receipt(1, { merchant: "Later", storedAt: "2026-11-25T16:05:00.000400Z" });

  it.each([
    ["earlier first", [earlier, later]],
    ["later first", [later, earlier]],
  ])("to the microsecond, within one batch (%s)", async (_, batch) => {
    await upsertReceipts(client, batch);

    expect(await stored()).toMatchObject({ merchant: "Later", stored_at: "2026-11-25T16:05:00.000400" });
  });

  it("to the microsecond, across batches", async () => {
    const results = [
      (await upsertReceipts(client, [later])).get("r-00001"),
      (await upsertReceipts(client, [earlier])).get("r-00001"),
    ];

    expect(results).toEqual(["inserted", "unchanged"]);
    expect(await stored()).toMatchObject({ merchant: "Later" });
  });

  it("as instants: the same time written with another UTC offset is not newer", async () => {
    const utc = receipt(1, { merchant: "As stored", storedAt: "2026-11-25T16:05:00.000Z" });
    const berlin = receipt(1, { merchant: "Same instant", storedAt: "2026-11-25T17:05:00.000+01:00" });

    await upsertReceipts(client, [utc]);
    const replay = await upsertReceipts(client, [berlin]);

    expect(replay.get("r-00001")).toBe("unchanged");
    expect(await stored()).toMatchObject({ merchant: "As stored", write_count: 1 });
  });
});

describe("concurrent batches", () => {
  it("lock rows in receipt-id order whatever the batch order, so overlapping batches queue instead of deadlocking", async () => {
    const receipts: DeliveryMessage[] = [receipt(1), receipt(2)];
    await upsertReceipts(client, receipts);
    const holder = new pg.Client({ connectionString: postgres.url });
    const writer = new pg.Client({ connectionString: postgres.url, application_name: "order-test-writer" });
    const prober = new pg.Client({ connectionString: postgres.url });
    await Promise.all([holder.connect(), writer.connect(), prober.connect()]);
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM shoebox_receipts WHERE receipt_id = 'r-00002' FOR UPDATE");
    const newer = { storedAt: "2026-11-25T16:05:00.000Z" };
    // r-00002 first in the batch: written in batch order, the statement would wait on it before touching r-00001.
    const writing = upsertReceipts(writer, [receipt(2, newer), receipt(1, newer)]);
    try {
      await waitUntilBlocked("order-test-writer");
      const probe = await prober
        .query("SELECT 1 FROM shoebox_receipts WHERE receipt_id = 'r-00001' FOR UPDATE NOWAIT")
        .then(
          () => "free",
          (error: { code?: string }) => error.code,
        );
      await holder.query("COMMIT");

      expect(probe).toBe("55P03"); // lock_not_available: the writer already holds r-00001
      expect(Object.fromEntries(await writing)).toEqual({ "r-00001": "updated", "r-00002": "updated" });
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await writing.catch(() => undefined);
      await Promise.all([holder.end(), writer.end(), prober.end()]);
    }
  });
});
