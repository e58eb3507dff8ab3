import { type PermanentError, TransientError } from "@shoebox/runtime";
import type { DeliveryMessage } from "@shoebox/schemas";
import type { DeliveryConnection } from "./connection.ts";
import { upsertReceipts, type WriteResult } from "./upsert.ts";

/** What became of one receipt: committed (`result`), or not written (`error`, typed for the caller). */
export type DeliveryOutcome = { result: WriteResult } | { error: PermanentError | TransientError };

export const isDelivered = (outcome: DeliveryOutcome): outcome is { result: WriteResult } =>
  "result" in outcome;

/**
 * Delivers a batch of receipts and says, per receipt id, what was committed. The batch goes in
 * one statement. If the database is unreachable or busy, every receipt fails with a
 * TransientError (nothing was written: the statement is atomic). If one row's data is refused,
 * the receipts are written one by one to find it: that receipt alone fails with a
 * PermanentError and the others are committed.
 *
 * @example
 * const outcomes = await deliverReceipts(connection, receipts);
 * outcomes.get("r-1"); // { result: "inserted" }
 */
export const deliverReceipts = async (
  connection: DeliveryConnection,
  receipts: readonly DeliveryMessage[],
): Promise<Map<string, DeliveryOutcome>> => {
  const ids = [...new Set(receipts.map((receipt) => receipt.receiptId))];
  try {
    const results = await connection.run((client) => upsertReceipts(client, receipts));
    return new Map(ids.map((id) => [id, { result: results.get(id) ?? "unchanged" }]));
  } catch (error) {
    const failure = error as PermanentError | TransientError;
    if (failure instanceof TransientError || ids.length === 1) {
      return new Map(ids.map((id) => [id, { error: failure }]));
    }
    return deliverOneByOne(connection, receipts, ids);
  }
};

/** Each receipt in its own statement, so a refused row cannot take its batch-mates with it. */
const deliverOneByOne = async (
  connection: DeliveryConnection,
  receipts: readonly DeliveryMessage[],
  ids: readonly string[],
): Promise<Map<string, DeliveryOutcome>> => {
  const outcomes = new Map<string, DeliveryOutcome>();
  let unavailable: TransientError | undefined;
  for (const id of ids) {
    if (unavailable) {
      outcomes.set(id, { error: unavailable });
      continue;
    }
    const versions = receipts.filter((receipt) => receipt.receiptId === id);
    try {
      const results = await connection.run((client) => upsertReceipts(client, versions));
      outcomes.set(id, { result: results.get(id) ?? "unchanged" });
    } catch (error) {
      const failure = error as PermanentError | TransientError;
      if (failure instanceof TransientError) unavailable = failure;
      outcomes.set(id, { error: failure });
    }
  }
  return outcomes;
};
