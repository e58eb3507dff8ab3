import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type * as z from "zod";
import { recordCorrelationId, withCorrelationId } from "./correlation.ts";
import { UnprocessableMessageError } from "./errors.ts";
import { logger } from "./logger.ts";
import { flushMetrics } from "./metrics.ts";

export interface SqsBatchHandlerOptions<Schema extends z.ZodType> {
  /**
   * The whole record, body included: `SqsRecordSchema` of `@shoebox/schemas` extended with the
   * body's schema. The handler receives `z.infer<Schema>`.
   */
  record: Schema;
  /**
   * Handle the records one after another instead of all at once (the default). For work whose
   * memory grows with each record in flight, such as decoding images: a batch of ten then needs
   * the memory of one, not of ten.
   */
  oneAtATime?: boolean;
}

/** A record that its schema refuses, with the issues as `path: message; ...`. */
class InvalidRecordError extends UnprocessableMessageError {
  readonly issues: string;

  constructor(issues: string) {
    super(issues);
    this.issues = issues;
  }
}

const describeIssues = (issues: z.ZodError["issues"]): string =>
  issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");

/**
 * The one log line per failed record that Powertools does not write. It is written where the
 * record was handled, in the record's correlation scope, so it carries the id the handler found.
 */
const logFailedRecord = (record: SQSRecord, error: unknown): void => {
  const receipt = { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount };
  if (error instanceof InvalidRecordError) {
    logger.error("invalid message; it stays on the queue until the DLQ takes it", {
      ...receipt,
      issues: error.issues,
    });
  } else {
    logger.error("record returned to the queue", { ...receipt, error });
  }
};

/**
 * Handles an SQS batch record by record with Powertools' BatchProcessor, answering with
 * `batchItemFailures` (ReportBatchItemFailures), so one bad record never fails its batch-mates:
 * the failed ones return to the queue and, after maxReceiveCount, to its DLQ. When every
 * record fails, Powertools throws instead, which makes the event source mapping back off.
 *
 * Each record is parsed with `options.record` before the handler sees it. One that does not
 * match fails too, never skipped (an UnprocessableMessageError): only our own producers write
 * to our queues, so a mismatch means a producer and its schema disagree, and the DLQ keeps the
 * message until a fix and a redrive. Records are parsed here, not by Powertools' batch parser:
 * that one loads Powertools' parser index, and with it the schemas of every AWS event and all
 * of zod, into each bundle.
 *
 * Each record runs in a correlation scope of its own, started with its `correlationId` message
 * attribute (correlation.ts), so its log lines, and only its, carry its id; the invocation's
 * metrics are flushed when the batch ends.
 *
 * @example
 * export const handler = sqsBatchHandler({ record: IngestRecordSchema }, async (record) => recordEvent(record.body));
 */
export const sqsBatchHandler = <Schema extends z.ZodType>(
  options: SqsBatchHandlerOptions<Schema>,
  handleRecord: (record: z.infer<Schema>) => Promise<void>,
) => {
  const processor = new BatchProcessor(EventType.SQS);
  const parseAndHandle = async (record: SQSRecord) => {
    const parsed = options.record.safeParse(record);
    if (!parsed.success) throw new InvalidRecordError(describeIssues(parsed.error.issues));
    return handleRecord(parsed.data);
  };
  const processRecord = (record: SQSRecord) =>
    withCorrelationId(recordCorrelationId(record), () =>
      parseAndHandle(record).catch((error: unknown) => {
        logFailedRecord(record, error);
        throw error;
      }),
    );

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    try {
      return await processPartialResponse(event, processRecord, processor, {
        context,
        processInParallel: !options.oneAtATime,
      });
    } finally {
      flushMetrics();
    }
  };
};
