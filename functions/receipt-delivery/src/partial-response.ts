import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/*
 * Terraform's delivery_queue_fifo makes the delivery queue FIFO, with one message group per
 * receipt. Lambda then hands the messages of a group over in order, and expects the function
 * to keep that order in its answer: once a message of a group failed, the later messages of
 * that group in the batch must be reported failed too, or they would be deleted ahead of it.
 * Messages of other groups are unaffected (skipGroupOnError), so one bad receipt does not hold
 * back its batch-mates. The batch was written before it is settled; a later version already
 * written is harmless (the upsert keeps the newest) and comes back as `unchanged`.
 */

const standardQueue = new BatchProcessor(EventType.SQS);
const fifoQueue = new SqsFifoPartialProcessorAsync();

/** True for a batch from a FIFO queue (SQS requires the .fifo suffix on their names). */
export const isFromFifoQueue = (event: SQSEvent): boolean =>
  event.Records[0]?.eventSourceARN.endsWith(".fifo") ?? false;

/**
 * The partial batch response for `event`, from settling each record with `settle`, in message
 * group order when the queue is FIFO. Throws when every record failed (Powertools' full batch
 * failure), which makes the event source mapping back off.
 *
 * @example
 * return partialResponse(event, settleRecord(outcomes, targets), context);
 */
export const partialResponse = (
  event: SQSEvent,
  settle: (record: SQSRecord) => Promise<void>,
  context: Context,
): Promise<SQSBatchResponse> =>
  isFromFifoQueue(event)
    ? processPartialResponse(event, settle, fifoQueue, { context, skipGroupOnError: true })
    : processPartialResponse(event, settle, standardQueue, { context });
