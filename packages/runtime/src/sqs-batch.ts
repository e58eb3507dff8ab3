import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type * as z from "zod";
import { PermanentError } from "./errors.ts";
import { logger } from "./logger.ts";

export interface SqsBatchHandlerOptions<Schema extends z.ZodType> {
  /** Parses each record (body included); the handler receives `z.infer<Schema>`. */
  record: Schema;
  /**
   * Handle the records one after another instead of all at once (the default). For work whose
   * memory grows with each record in flight, such as decoding images: a batch of ten then needs
   * the memory of one, not of ten.
   */
  oneAtATime?: boolean;
}

/**
 * Handles an SQS batch record by record with Powertools' BatchProcessor, answering with
 * `batchItemFailures` (ReportBatchItemFailures), so one bad record never fails its batch-mates:
 * the failed ones return to the queue and, after maxReceiveCount, to its DLQ.
 *
 * A record whose body does not match its schema fails too, never skipped: only our own
 * producers write to our queues, so a mismatch means a producer and its schema disagree, and
 * the DLQ keeps the message until a fix and a redrive.
 *
 * @example
 * export const handler = sqsBatchHandler({ record: IngestRecordSchema }, async (record) => recordEvent(record));
 */
export const sqsBatchHandler = <Schema extends z.ZodType>(
  options: SqsBatchHandlerOptions<Schema>,
  handleRecord: (record: z.infer<Schema>, raw: SQSRecord) => Promise<void>,
) => {
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (raw: SQSRecord): Promise<void> => {
    const parsed = options.record.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ");
      logger.error("invalid message; it stays on the queue until the DLQ takes it", {
        messageId: raw.messageId,
        receiveCount: raw.attributes.ApproximateReceiveCount,
        issues,
      });
      throw new PermanentError(`invalid message: ${issues}`, "INVALID_MESSAGE");
    }
    try {
      await handleRecord(parsed.data, raw);
    } catch (error) {
      // Powertools turns the error into a batchItemFailure without logging it.
      logger.error("record returned to the queue", {
        messageId: raw.messageId,
        receiveCount: raw.attributes.ApproximateReceiveCount,
        error,
      });
      throw error;
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    return processPartialResponse(event, processRecord, processor, {
      context,
      processInParallel: !options.oneAtATime,
    });
  };
};
