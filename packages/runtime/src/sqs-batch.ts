import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { z } from "zod";
import { PermanentError } from "./errors.ts";
import { logger } from "./logger.ts";

/**
 * What to do with a record whose body does not match its schema. Thumbnail events that are
 * not ours are skipped; machine events that are malformed must reach the DLQ.
 */
export type InvalidRecordPolicy = "fail" | "skip";

export interface SqsBatchHandlerOptions<Schema extends z.ZodType> {
  /** Parses each record (body included); the handler receives `z.infer<Schema>`. */
  record: Schema;
  onInvalidRecord: InvalidRecordPolicy;
}

/**
 * Handles an SQS batch record by record with Powertools' BatchProcessor, answering with
 * `batchItemFailures` (ReportBatchItemFailures), so one bad record never fails its batch-mates:
 * the failed ones return to the queue and, after maxReceiveCount, to its DLQ.
 *
 * @example
 * export const handler = sqsBatchHandler({ record: IngestRecordSchema, onInvalidRecord: "fail" },
 *   async (record) => recordEvent(record));
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
      if (options.onInvalidRecord === "skip") {
        logger.warn("skipping a message that is not for this function", { messageId: raw.messageId, issues });
        return;
      }
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
    return processPartialResponse(event, processRecord, processor, { context });
  };
};
