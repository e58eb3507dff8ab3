import { type DeliveryConnection, type DeliveryOutcome, deliverReceipts } from "@shoebox/pg-delivery";
import { logger, PermanentError, TransientError, UnprocessableMessageError } from "@shoebox/runtime";
import {
  type DeliveryMessage,
  type DeliveryMessageKey,
  DeliveryRecordKeySchema,
  DeliveryRecordSchema,
  DeliveryRejectionCodeSchema,
} from "@shoebox/schemas";
import type { SQSRecord } from "aws-lambda";

/** What became of one message, and which stored receipt it is about when that can be read. */
export type RecordOutcome = (DeliveryOutcome | { error: UnprocessableMessageError }) & {
  receipt?: DeliveryMessageKey;
};

/** A receipt the customer's table can never take: recorded as failed, and its message acknowledged. */
export type Rejection = { error: PermanentError; receipt: DeliveryMessageKey };

export const isRejection = (outcome: RecordOutcome): outcome is Rejection =>
  "error" in outcome &&
  outcome.receipt !== undefined &&
  outcome.error instanceof PermanentError &&
  DeliveryRejectionCodeSchema.safeParse(outcome.error.code).success;

const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("; ");

/**
 * Delivers one SQS batch and says, per message id, what was committed. The valid messages are
 * written together, in one statement; a row the database refuses fails alone (pg-delivery
 * finds it). A message that breaks the table's limits but names its receipt is rejected
 * without a write; one that names no receipt fails as an UnprocessableMessageError, for the DLQ.
 */
export const deliverBatch = async (
  connection: DeliveryConnection,
  records: readonly SQSRecord[],
): Promise<Map<string, RecordOutcome>> => {
  const outcomes = new Map<string, RecordOutcome>();
  const receipts = new Map<string, DeliveryMessage>();
  for (const record of records) {
    const parsed = DeliveryRecordSchema.safeParse(record);
    if (parsed.success) {
      receipts.set(record.messageId, parsed.data.body);
      continue;
    }
    const issues = issuesOf(parsed.error.issues);
    const named = DeliveryRecordKeySchema.safeParse(record);
    if (named.success) {
      outcomes.set(record.messageId, {
        error: new PermanentError(
          `the receipt breaks the delivery table's limits (${issues})`,
          DeliveryRejectionCodeSchema.enum.INVALID_RECEIPT,
        ),
        receipt: named.data.body,
      });
      continue;
    }
    logger.error("invalid delivery message; it stays on the queue until the DLQ takes it", {
      messageId: record.messageId,
      issues,
    });
    outcomes.set(record.messageId, {
      error: new UnprocessableMessageError(issues),
    });
  }
  if (receipts.size === 0) return outcomes;

  const byReceipt = await deliverReceipts(connection, [...receipts.values()]);
  for (const [messageId, { receiptId, ownerId, storedAt }] of receipts) {
    const outcome = byReceipt.get(receiptId);
    // deliverReceipts answers for every receipt it was given; a gap would be a bug, never a success.
    outcomes.set(messageId, {
      ...(outcome ?? { error: new TransientError("no outcome for this receipt") }),
      receipt: { receiptId, ownerId, storedAt },
    });
  }
  return outcomes;
};

/** Counts of a batch's outcomes, for one log line per invocation. */
export const summarize = (outcomes: ReadonlyMap<string, RecordOutcome>) => {
  const counts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, invalid: 0, retried: 0 };
  for (const outcome of outcomes.values()) {
    if ("result" in outcome) counts[outcome.result]++;
    else if (isRejection(outcome)) counts.rejected++;
    else if (outcome.error instanceof UnprocessableMessageError) counts.invalid++;
    else counts.retried++;
  }
  return counts;
};
