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
 *
 * Versions are compared by PostgreSQL alone, as timestamptz (microseconds, any UTC offset), in
 * both places a stale version could win: DISTINCT ON keeps the newest version of each receipt in
 * the batch (one statement may not touch a row twice; on a tie, the first in the batch), and
 * ON CONFLICT ... WHERE replaces a stored row only with a newer stored_at. So a correction is
 * never overwritten by the version before it, however late that one arrives (a DLQ redrive, a
 * workflow retry, a standard queue's reordering). Replaying a version changes nothing, and
 * write_count counts real writes, which is the proof that nothing was written twice.
 *
 * The rows are written in receipt-id order (DISTINCT ON needs it anyway), so two batches that
 * share receipts lock them in the same order and one waits for the other instead of deadlocking.
 */
const UPSERT_SQL = `
INSERT INTO shoebox_receipts AS stored
  (receipt_id, owner_id, merchant, receipt_date, total_minor, currency, category, stored_at)
SELECT DISTINCT ON (receipt_id)
  receipt_id, owner_id, merchant, receipt_date, total_minor, currency, category, stored_at
FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
  WITH ORDINALITY AS batch (receipt_id, owner_id, merchant, receipt_date, total_minor, currency, category, stored_at, position)
ORDER BY receipt_id, stored_at DESC, position
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
 * Writes a batch of receipts in ONE statement (one round trip, one transaction), idempotently:
 * the same batch written twice leaves the same rows, and the second call reports every receipt
 * `unchanged`. Of several versions of a receipt (in the batch, or the one already stored) the
 * one with the latest `storedAt` is kept; the result is per receipt id. Errors are the driver's;
 * classify them with `toDeliveryError`.
 *
 * @example
 * const results = await upsertReceipts(client, [receipt]); // Map { "r-1" => "inserted" }
 */
export const upsertReceipts = async (
  client: ClientBase,
  receipts: readonly DeliveryMessage[],
): Promise<Map<string, WriteResult>> => {
  const results = new Map<string, WriteResult>(receipts.map((receipt) => [receipt.receiptId, "unchanged"]));
  if (receipts.length === 0) return results;
  const column = <K extends keyof DeliveryMessage>(key: K) => receipts.map((receipt) => receipt[key]);
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
