import type { DeliveryMessage } from "@shoebox/schemas";
import type { ClientBase } from "pg";

/**
 * What one write did to a receipt's row: `inserted` the first time, `updated` when this version
 * is newer than the stored one (a corrected receipt), `unchanged` when the row already holds
 * this version or a newer one (a redelivered message).
 */
export type WriteResult = "inserted" | "updated" | "unchanged";

/*
 * One statement for the whole batch: the rows travel as one array per column and unnest turns
 * them back into rows, so the statement text (and its plan) is the same for any batch size.
 * ON CONFLICT ... WHERE makes the write idempotent: replaying a version changes nothing, and
 * only a newer stored_at replaces a row. write_count counts real writes, which is the proof
 * that nothing was written twice.
 */
const UPSERT_SQL = `
INSERT INTO shoebox_receipts AS stored
  (receipt_id, owner_id, merchant, receipt_date, total_minor, currency, category, stored_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
ON CONFLICT (receipt_id) DO UPDATE SET
  owner_id = excluded.owner_id,
  merchant = excluded.merchant,
  receipt_date = excluded.receipt_date,
  total_minor = excluded.total_minor,
  currency = excluded.currency,
  category = excluded.category,
  stored_at = excluded.stored_at,
  delivered_at = now(),
  write_count = stored.write_count + 1
WHERE excluded.stored_at > stored.stored_at
RETURNING receipt_id, write_count`;

/**
 * The newest version of each receipt in a batch: one statement may not touch a row twice,
 * and the older version would lose anyway.
 */
const newestPerReceipt = (receipts: readonly DeliveryMessage[]): DeliveryMessage[] => {
  const newest = new Map<string, DeliveryMessage>();
  for (const receipt of receipts) {
    const known = newest.get(receipt.receiptId);
    if (!known || Date.parse(receipt.storedAt) > Date.parse(known.storedAt))
      newest.set(receipt.receiptId, receipt);
  }
  return [...newest.values()];
};

/**
 * Writes a batch of receipts in ONE statement (one round trip, one transaction), idempotently:
 * the same batch written twice leaves the same rows, and the second call reports every receipt
 * `unchanged`. Errors are the driver's; classify them with `toDeliveryError`.
 *
 * @example
 * const results = await upsertReceipts(client, [receipt]); // Map { "r-1" => "inserted" }
 */
export const upsertReceipts = async (
  client: ClientBase,
  receipts: readonly DeliveryMessage[],
): Promise<Map<string, WriteResult>> => {
  const rows = newestPerReceipt(receipts);
  const results = new Map<string, WriteResult>(rows.map((row) => [row.receiptId, "unchanged"]));
  if (rows.length === 0) return results;
  const column = <K extends keyof DeliveryMessage>(key: K) => rows.map((row) => row[key]);
  const { rows: written } = await client.query<{ receipt_id: string; write_count: number }>(UPSERT_SQL, [
    column("receiptId"),
    column("ownerId"),
    column("merchant"),
    column("date"),
    column("totalMinor"),
    column("currency"),
    column("category"),
    column("storedAt"),
  ]);
  for (const row of written) results.set(row.receipt_id, row.write_count === 1 ? "inserted" : "updated");
  return results;
};
