import { type DeliveryMessage, DeliveryMessageSchema, RECEIPT_COLUMN_LIMITS } from "@shoebox/schemas";
import { deliveryMessage, type PostgresServer, startPostgres } from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/migrate.ts";
import { upsertReceipts } from "../../src/upsert.ts";

/*
 * The delivery message schema and the table must agree on every value: a receipt the schema
 * accepts must be stored exactly as sent, and one the table refuses (or would store changed)
 * must be refused by the schema, so nothing is called STORED that delivery cannot write.
 * The values are generated from the limits, at each limit and one step beyond it, plus the
 * values PostgreSQL refuses on its own.
 */

const { merchantMaxCharacters, firstDate, lastDate, maxTotalMinor } = RECEIPT_COLUMN_LIMITS;

const dayBefore = (date: string) => new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const receiptEmoji = "\u{1F9FE}"; // one character, two UTF-16 units

/** [what it is, the fields it changes in an otherwise valid message]. */
const candidates: [string, Partial<Record<keyof DeliveryMessage, unknown>>][] = [
  ["a valid receipt", {}],
  ["merchant at the limit", { merchant: "m".repeat(merchantMaxCharacters) }],
  ["merchant one beyond the limit", { merchant: "m".repeat(merchantMaxCharacters + 1) }],
  ["merchant at the limit in two-unit characters", { merchant: receiptEmoji.repeat(merchantMaxCharacters) }],
  ["merchant beyond it in two-unit characters", { merchant: receiptEmoji.repeat(merchantMaxCharacters + 1) }],
  ["merchant of one character", { merchant: "M" }],
  ["empty merchant", { merchant: "" }],
  ["merchant with a NUL character", { merchant: "Bad\u0000Shop" }],
  ["merchant that is only a NUL character", { merchant: "\u0000" }],
  ["merchant with a lone high surrogate", { merchant: "Caf\uD83E" }],
  ["merchant with a lone low surrogate", { merchant: "\uDDFEShop" }],
  ["merchant with control characters and U+FFFF", { merchant: "\u0001\t\n\uFFFF" }],
  ["merchant with the highest code point", { merchant: "\u{10FFFF}" }],
  ["merchant with quotes, braces and backslashes", { merchant: 'a"b\\c,{d}' }],
  ["merchant spelled NULL", { merchant: "NULL" }],
  ["first date", { date: firstDate }],
  ["day before the first date", { date: dayBefore(firstDate) }],
  ["last date", { date: lastDate }],
  ["day after the last date", { date: dayAfter(lastDate) }],
  ["year 0000 (1 BC to PostgreSQL)", { date: "0000-01-01" }],
  ["year 0001", { date: "0001-01-01" }],
  ["year 9999", { date: "9999-12-31" }],
  ["29 February of a leap year", { date: "2024-02-29" }],
  ["29 February of a common year", { date: "2023-02-29" }],
  ["29 February 1900 (not a leap year)", { date: "1900-02-29" }],
  ["total zero", { totalMinor: 0 }],
  ["total at the limit", { totalMinor: maxTotalMinor }],
  ["total beyond the limit", { totalMinor: maxTotalMinor + 1 }],
  ["total beyond bigint", { totalMinor: 1e21 }],
  ["negative total", { totalMinor: -1 }],
  ["fractional total", { totalMinor: 12.5 }],
  ["NaN total", { totalMinor: Number.NaN }],
  ["infinite total", { totalMinor: Number.POSITIVE_INFINITY }],
  ["currency EUR", { currency: "EUR" }],
  ["currency in lower case", { currency: "eur" }],
  ["currency of two letters", { currency: "EU" }],
  ["currency of four letters", { currency: "EURO" }],
  ["currency with accented capitals", { currency: "ÄÖÜ" }],
  ["currency with a NUL character", { currency: "E\u0000R" }],
  ["category of one letter", { category: "x" }],
  ["category at 40 characters", { category: `a${"b".repeat(39)}` }],
  ["category at 41 characters", { category: `a${"b".repeat(40)}` }],
  ["category with capitals", { category: "Groceries" }],
  ["empty category", { category: "" }],
  ["category with a NUL character", { category: "food\u0000" }],
  ["category with a trailing newline", { category: "food\n" }],
  ["receipt id at 64 characters", { receiptId: "r".repeat(64) }],
  ["receipt id at 65 characters", { receiptId: "r".repeat(65) }],
  ["empty receipt id", { receiptId: "" }],
  ["receipt id with a slash", { receiptId: "r/1" }],
  ["receipt id with a trailing newline", { receiptId: "r-1\n" }],
  ["owner id of 21 characters", { ownerId: "o".repeat(21) }],
  ["owner id of 23 characters", { ownerId: "o".repeat(23) }],
  ["stored at the first instant", { storedAt: `${firstDate}T00:00:00.000Z` }],
  ["stored just before it", { storedAt: `${dayBefore(firstDate)}T23:59:59.999Z` }],
  ["stored at the last millisecond", { storedAt: `${lastDate}T23:59:59.999Z` }],
  ["stored just after it", { storedAt: `${dayAfter(lastDate)}T00:00:00.000Z` }],
  ["stored in year 0000", { storedAt: "0000-01-01T00:00:00.000Z" }],
  ["stored with a +14:00 offset", { storedAt: "2026-11-24T09:30:00.000+14:00" }],
  ["stored with a +15:59 offset", { storedAt: "2026-11-24T09:30:00.000+15:59" }],
  ["stored with a +16:00 offset", { storedAt: "2026-11-24T09:30:00.000+16:00" }],
  ["stored with a -23:59 offset", { storedAt: "2026-11-24T09:30:00.000-23:59" }],
];

interface StoredRow {
  receipt_id: string;
  owner_id: string;
  merchant: string;
  receipt_date: string;
  total_minor: string;
  currency: string;
  category: string;
  stored_ms: number;
}

/** The row as written, or why the table did not store the message as it was sent. */
const storeAndReadBack = async (client: pg.Client, message: DeliveryMessage): Promise<string> => {
  await client.query("BEGIN");
  try {
    await upsertReceipts(client, [message]);
    const { rows } = await client.query<StoredRow>(
      `SELECT receipt_id, owner_id, merchant, receipt_date::text, total_minor::text, currency::text, category,
              (extract(epoch FROM stored_at) * 1000)::float8 AS stored_ms
         FROM shoebox_receipts`,
    );
    const [row] = rows;
    if (!row) return "no row";
    const written = {
      receiptId: row.receipt_id,
      ownerId: row.owner_id,
      merchant: row.merchant,
      date: row.receipt_date,
      totalMinor: row.total_minor,
      currency: row.currency,
      category: row.category,
      storedAt: row.stored_ms,
    };
    const sent = {
      ...message,
      totalMinor: String(message.totalMinor),
      storedAt: Date.parse(message.storedAt),
    };
    return JSON.stringify(written) === JSON.stringify(sent)
      ? "stored"
      : `stored changed: ${JSON.stringify(written)}`;
  } catch (error) {
    return `refused: ${(error as Error).message} (SQLSTATE ${(error as { code?: string }).code})`;
  } finally {
    await client.query("ROLLBACK");
  }
};

let postgres: PostgresServer;
let client: pg.Client;

beforeAll(async () => {
  postgres = await startPostgres({ freshDatabase: true });
  client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await migrate(client);
});

afterAll(async () => {
  await client?.end();
  await postgres?.stop();
});

describe("the delivery schema and the shoebox_receipts table", () => {
  it("accept exactly the same values: what the schema accepts is stored unchanged, what the table refuses the schema refuses", async () => {
    const disagreements: string[] = [];
    const verdicts: Record<string, boolean> = {};

    for (const [name, change] of candidates) {
      const message = { ...deliveryMessage(1), ...change } as DeliveryMessage;
      const accepted = DeliveryMessageSchema.safeParse(message).success;
      const table = await storeAndReadBack(client, message);
      verdicts[name] = accepted;
      if (accepted !== (table === "stored")) {
        disagreements.push(`${name}: the schema ${accepted ? "accepts" : "refuses"} it, the table: ${table}`);
      }
    }

    expect(disagreements).toEqual([]);
    // And the limits are where they are said to be (a generator that tried nothing proves nothing).
    expect(verdicts).toMatchObject({
      "merchant at the limit": true,
      "merchant one beyond the limit": false,
      "merchant at the limit in two-unit characters": true,
      "merchant with a NUL character": false,
      "merchant with a lone high surrogate": false,
      "first date": true,
      "day before the first date": false,
      "last date": true,
      "year 0000 (1 BC to PostgreSQL)": false,
      "total at the limit": true,
      "total beyond the limit": false,
      "negative total": false,
      "currency of four letters": false,
    });
  });
});
