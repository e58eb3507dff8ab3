import { type DeliveryConnection, type DeliveryOutcome, deliverReceipts } from "@shoebox/pg-delivery";
import { logger, PermanentError } from "@shoebox/runtime";
import { type DeliveryMessage, DeliveryRecordSchema } from "@shoebox/schemas";
import type { SQSRecord } from "aws-lambda";

/**
 * Delivers one SQS batch and says, per message id, what was committed. Messages that do not
 * match the schema fail alone (a PermanentError: after maxReceiveCount they reach the DLQ);
 * the valid ones are written together, in one statement.
 */
export const deliverBatch = async (
  connection: DeliveryConnection,
  records: readonly SQSRecord[],
): Promise<Map<string, DeliveryOutcome>> => {
  const outcomes = new Map<string, DeliveryOutcome>();
  const receipts = new Map<string, DeliveryMessage>();
  for (const record of records) {
    const parsed = DeliveryRecordSchema.safeParse(record);
    if (parsed.success) receipts.set(record.messageId, parsed.data.body);
    else {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ");
      logger.error("invalid delivery message; it stays on the queue until the DLQ takes it", {
        messageId: record.messageId,
        issues,
      });
      outcomes.set(record.messageId, {
        error: new PermanentError(`invalid message: ${issues}`, "INVALID_MESSAGE"),
      });
    }
  }
  if (receipts.size === 0) return outcomes;

  const byReceipt = await deliverReceipts(connection, [...receipts.values()]);
  for (const [messageId, receipt] of receipts) {
    const outcome = byReceipt.get(receipt.receiptId);
    // deliverReceipts answers for every receipt it was given; a gap would be a bug, never a success.
    outcomes.set(
      messageId,
      outcome ?? { error: new PermanentError("no outcome for this receipt", "NO_OUTCOME") },
    );
  }
  return outcomes;
};

/** Counts of a batch's outcomes, for one log line per invocation. */
export const summarize = (outcomes: ReadonlyMap<string, DeliveryOutcome>) => {
  const counts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, retried: 0 };
  for (const outcome of outcomes.values()) {
    if ("result" in outcome) counts[outcome.result]++;
    else if (outcome.error instanceof PermanentError) counts.rejected++;
    else counts.retried++;
  }
  return counts;
};
