import {
  BatchProcessor,
  EventType,
  ParsingError,
  processPartialResponse,
} from "@aws-lambda-powertools/batch";
import { parser } from "@aws-lambda-powertools/batch/parser";
import type { FailureResponse } from "@aws-lambda-powertools/batch/types";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type * as z from "zod";
import { UnprocessableMessageError } from "./errors.ts";
import { logger } from "./logger.ts";

export interface SqsBatchHandlerOptions<Schema extends z.ZodType> {
  /**
   * The whole record, body included: Powertools' `SqsRecordSchema` extended with the body's
   * schema (see `@shoebox/schemas`). The handler receives `z.infer<Schema>`.
   */
  record: Schema;
  /**
   * Handle the records one after another instead of all at once (the default). For work whose
   * memory grows with each record in flight, such as decoding images: a batch of ten then needs
   * the memory of one, not of ten.
   */
  oneAtATime?: boolean;
}

/**
 * Powertools' BatchProcessor, parsing each record with Powertools' parser, plus the one log
 * line per failed record that Powertools does not write. A record that does not parse fails
 * as an UnprocessableMessageError (Powertools' ParsingError carries the same issues).
 */
class LoggingBatchProcessor extends BatchProcessor {
  override failureHandler(record: SQSRecord, error: Error): FailureResponse {
    const receipt = { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount };
    if (error instanceof ParsingError) {
      logger.error("invalid message; it stays on the queue until the DLQ takes it", {
        ...receipt,
        issues: error.message,
      });
      return super.failureHandler(record, new UnprocessableMessageError(error.message, { cause: error }));
    }
    logger.error("record returned to the queue", { ...receipt, error });
    return super.failureHandler(record, error);
  }
}

/**
 * Handles an SQS batch record by record with Powertools' BatchProcessor, answering with
 * `batchItemFailures` (ReportBatchItemFailures), so one bad record never fails its batch-mates:
 * the failed ones return to the queue and, after maxReceiveCount, to its DLQ. When every
 * record fails, Powertools throws instead, which makes the event source mapping back off.
 *
 * Each record is parsed with `options.record` before the handler sees it. One that does not
 * match fails too, never skipped (an UnprocessableMessageError): only our own producers write
 * to our queues, so a mismatch means a producer and its schema disagree, and the DLQ keeps the
 * message until a fix and a redrive.
 *
 * @example
 * export const handler = sqsBatchHandler({ record: IngestRecordSchema }, async (record) => recordEvent(record.body));
 */
export const sqsBatchHandler = <Schema extends z.ZodType>(
  options: SqsBatchHandlerOptions<Schema>,
  handleRecord: (record: z.infer<Schema>) => Promise<void>,
) => {
  const processor = new LoggingBatchProcessor(EventType.SQS, { parser, schema: options.record });
  // Powertools' parser has checked the record against options.record before this is called.
  const processRecord = (record: unknown) => handleRecord(record as z.infer<Schema>);

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    return processPartialResponse(event, processRecord, processor, {
      context,
      processInParallel: !options.oneAtATime,
    });
  };
};
