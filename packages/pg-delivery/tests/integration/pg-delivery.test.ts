import { PermanentError, TransientError } from "@shoebox/runtime";
import { type PostgresServer, deliveryMessage as receipt, startPostgres } from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryConnection } from "../../src/connection.ts";
import { deliverReceipts } from "../../src/deliver.ts";
import { migrate } from "../../src/migrate.ts";
import { upsertReceipts } from "../../src/upsert.ts";

let postgres: PostgresServer;
let client: pg.Client;

const rows = async () =>
  (
    await client.query<{ receipt_id: string; write_count: number; merchant: string }>(
      "SELECT receipt_id, write_count, merchant FROM shoebox_receipts ORDER BY receipt_id",
    )
  ).rows;

const connect = async (url: string) => {
  const fresh = new pg.Client({ connectionString: url });
  fresh.on("error", () => undefined); // the outage test cuts this session too
  await fresh.connect();
  return fresh;
};

beforeAll(async () => {
  postgres = await startPostgres({ freshDatabase: true });
  client = await connect(postgres.url);
});

afterAll(async () => {
  await client?.end();
  await postgres?.stop();
});

describe("migrate", () => {
  it("applies the shipped migrations once: running it again, even from two connections at once, applies nothing", async () => {
    const other = await connect(postgres.url);

    const [first, second] = await Promise.all([migrate(client), migrate(other)]);
    const third = await migrate(client);
    await other.end();

    expect([...first, ...second].sort()).toEqual(["001_receipts", "002_receipt_limits"]);
    expect(third).toEqual([]);
    const { rows: versions } = await client.query(
      "SELECT version FROM shoebox_schema_migrations ORDER BY version",
    );
    expect(versions).toEqual([{ version: "001_receipts" }, { version: "002_receipt_limits" }]);
  });
});

describe("upsertReceipts", () => {
  beforeEach(async () => {
    await migrate(client);
    await client.query("TRUNCATE shoebox_receipts");
  });

  it("writes a batch once: the same batch again reports every receipt already present and changes no row", async () => {
    const batch = Array.from({ length: 50 }, (_, n) => receipt(n));

    const first = await upsertReceipts(client, batch);
    const second = await upsertReceipts(client, batch);

    expect([...first.values()].every((result) => result === "inserted")).toBe(true);
    expect([...second.values()].every((result) => result === "unchanged")).toBe(true);
    const written = await rows();
    expect(written).toHaveLength(50);
    expect(written.every((row) => row.write_count === 1)).toBe(true);
  });

  it("replaces a row only with a newer version of the receipt, and keeps the newest of a batch", async () => {
    await upsertReceipts(client, [receipt(1)]);

    const results = await upsertReceipts(client, [
      receipt(1, { merchant: "Corrected", storedAt: "2026-11-25T10:00:00.000Z" }),
      receipt(1, { merchant: "Older", storedAt: "2026-11-23T10:00:00.000Z" }),
    ]);
    const stale = await upsertReceipts(client, [receipt(1, { merchant: "Stale" })]);

    expect(results.get("r-00001")).toBe("updated");
    expect(stale.get("r-00001")).toBe("unchanged");
    expect(await rows()).toEqual([{ receipt_id: "r-00001", write_count: 2, merchant: "Corrected" }]);
  });
});

describe("deliverReceipts", () => {
  const connection = () =>
    new DeliveryConnection({
      target: { url: postgres.url, caCertificate: postgres.caCertificate },
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 1_000,
    });

  beforeEach(async () => {
    await migrate(client);
    await client.query("TRUNCATE shoebox_receipts");
  });

  it("isolates every row the database refuses: each fails alone, permanently, with its reason, and its batch-mates are committed", async () => {
    const delivery = connection();
    // Rows an older schema let through: the table refuses each (its own rules or its CHECKs).
    const refused = {
      "r-00002": { change: { merchant: "Bad\u0000Shop" }, reason: /invalid byte sequence.*SQLSTATE 22021/ },
      "r-00003": { change: { date: "0000-01-01" }, reason: /out of range.*SQLSTATE 22008/ },
      "r-00004": { change: { currency: "EURO" }, reason: /too long.*SQLSTATE 22001/ },
      "r-00005": { change: { merchant: "m".repeat(201) }, reason: /merchant_length.*SQLSTATE 23514/ },
      "r-00006": { change: { totalMinor: 2 ** 60 }, reason: /total_minor_range.*SQLSTATE 23514/ },
    };
    const batch = [
      receipt(1),
      ...Object.values(refused).map(({ change }, index) => receipt(index + 2, change)),
      receipt(7),
    ];

    const outcomes = await deliverReceipts(delivery, batch);
    await delivery.close();

    expect(outcomes.get("r-00001")).toEqual({ result: "inserted" });
    expect(outcomes.get("r-00007")).toEqual({ result: "inserted" });
    for (const [receiptId, { reason }] of Object.entries(refused)) {
      const outcome = outcomes.get(receiptId);
      const error = outcome && "error" in outcome ? outcome.error : undefined;
      expect(error, receiptId).toBeInstanceOf(PermanentError);
      expect((error as PermanentError).code).toBe("ROW_REJECTED");
      expect(error?.message, receiptId).toMatch(reason);
    }
    expect((await rows()).map((row) => row.receipt_id)).toEqual(["r-00001", "r-00007"]);
  });

  it("rejects, alone, a receipt with characters the customer's database encoding cannot hold (a LATIN1 database)", async () => {
    const latin1Url = new URL(postgres.url);
    latin1Url.pathname = `/${latin1Url.pathname.slice(1)}_latin1`;
    const database = latin1Url.pathname.slice(1);
    await client.query(
      `CREATE DATABASE ${database} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
    );
    const latin1 = await connect(latin1Url.toString());
    await migrate(latin1);
    const delivery = new DeliveryConnection({
      target: { url: latin1Url.toString(), caCertificate: postgres.caCertificate },
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 1_000,
    });

    const outcomes = await deliverReceipts(delivery, [
      receipt(1, { merchant: "Café Müller" }),
      receipt(2, { merchant: "東京ストア" }),
    ]);
    await delivery.close();
    const { rows: written } = await latin1.query("SELECT receipt_id, merchant FROM shoebox_receipts");
    await latin1.end();
    await client.query(`DROP DATABASE ${database} WITH (FORCE)`);

    expect(outcomes.get("r-00001")).toEqual({ result: "inserted" });
    const refused = outcomes.get("r-00002");
    expect(refused && "error" in refused && refused.error.message).toMatch(
      /has no equivalent in encoding "LATIN1" \(SQLSTATE 22P05\)/,
    );
    expect(written).toEqual([{ receipt_id: "r-00001", merchant: "Café Müller" }]);
  });

  it("fails every receipt as transient while the server is down, and writes them once it is back", async () => {
    const delivery = connection();
    await deliverReceipts(delivery, [receipt(1)]); // the connection is now open and kept
    const batch = [receipt(1), receipt(2), receipt(3)];

    await postgres.stopServer();
    const whileDown = await deliverReceipts(delivery, batch).finally(() => postgres.startServer());
    const afterwards = await deliverReceipts(delivery, batch);
    await delivery.close();

    expect(
      [...whileDown.values()].every(
        (outcome) => "error" in outcome && outcome.error instanceof TransientError,
      ),
    ).toBe(true);
    expect(Object.fromEntries(afterwards)).toEqual({
      "r-00001": { result: "unchanged" },
      "r-00002": { result: "inserted" },
      "r-00003": { result: "inserted" },
    });
    await client.end().catch(() => undefined);
    client = await connect(postgres.url); // the test's own session was cut by the restart too
    expect((await rows()).every((row) => row.write_count === 1)).toBe(true);
  });
  it("reads the database from its provider for each new connection, and fails transiently when it cannot", async () => {
    const read: string[] = [];
    let secret = "postgres://nobody@127.0.0.1:1/none";
    const delivery = new DeliveryConnection({
      target: async () => {
        read.push(secret);
        if (secret === "unreadable") throw new Error("AccessDeniedException: not allowed to read the secret");
        return { url: secret, caCertificate: postgres.caCertificate };
      },
      statementTimeoutMs: 5_000,
      connectTimeoutMs: 1_000,
    });

    const refused = await deliverReceipts(delivery, [receipt(1)]);
    secret = "unreadable";
    const unreadable = await deliverReceipts(delivery, [receipt(1)]);
    secret = postgres.url; // the secret was fixed (rotated): the next connection uses it
    const delivered = await deliverReceipts(delivery, [receipt(1)]);
    const kept = await deliverReceipts(delivery, [receipt(2)]);
    await delivery.close();

    for (const outcomes of [refused, unreadable]) {
      const outcome = outcomes.get("r-00001");
      expect(outcome && "error" in outcome && outcome.error).toBeInstanceOf(TransientError);
    }
    expect(delivered.get("r-00001")).toEqual({ result: "inserted" });
    expect(kept.get("r-00002")).toEqual({ result: "inserted" });
    expect(read).toEqual(["postgres://nobody@127.0.0.1:1/none", "unreadable", postgres.url]);
  });
});
