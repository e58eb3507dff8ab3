import { isDelivered } from "@shoebox/pg-delivery";
import { logger, TransientError } from "@shoebox/runtime";
import type { SQSRecord } from "aws-lambda";
import { isRejection, type RecordOutcome } from "./deliver-batch.ts";
import { type RejectionTargets, recordRejection } from "./record-rejection.ts";

/**
 * The records that failed only because the database was unavailable: their retries are
 * delayed (retry-delay.ts) rather than spending the queue's receives.
 */
export const waitingForDatabase = (
  records: readonly SQSRecord[],
  outcomes: ReadonlyMap<string, RecordOutcome>,
): SQSRecord[] =>
  records.filter((record) => {
    const outcome = outcomes.get(record.messageId);
    return outcome && !isDelivered(outcome) && outcome.error instanceof TransientError;
  });

/**
 * Settles one record of a delivered batch, for Powertools' partial batch response. A record
 * succeeds when its receipt is committed, or when the table can never take it and that is
 * recorded on the receipt (retrying would only fail again, up to the DLQ); otherwise its typed
 * error fails it.
 *
 * @example
 * processPartialResponse(event, settleRecord(outcomes, targets), processor, { context });
 */
export const settleRecord =
  (outcomes: ReadonlyMap<string, RecordOutcome>, targets: RejectionTargets) =>
  async (record: SQSRecord): Promise<void> => {
    const outcome = outcomes.get(record.messageId);
    if (!outcome) throw new TransientError(`no outcome for message ${record.messageId}`);
    if (isDelivered(outcome)) {
      // One line per receipt, in its correlation scope: the last line of its upload's story.
      logger.info("receipt delivered", { receiptId: outcome.receipt?.receiptId, result: outcome.result });
      return;
    }
    if (isRejection(outcome)) {
      await recordRejection(outcome, targets, new Date().toISOString());
      return;
    }
    throw outcome.error;
  };
