import { DeliveryConnection } from "@shoebox/pg-delivery";
import {
  countMetric,
  flushMetrics,
  logger,
  recordCorrelationId,
  sqsClient,
  withCorrelationId,
} from "@shoebox/runtime";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { loadReceiptDeliveryConfig } from "./config.ts";
import { readDatabaseSecret } from "./database-secret.ts";
import { deliverBatch, summarize } from "./deliver-batch.ts";
import { partialResponse } from "./partial-response.ts";
import { delayRetries } from "./retry-delay.ts";
import { settleRecord, waitingForDatabase } from "./settle-record.ts";

/*
 * Not sqsBatchHandler from @shoebox/runtime: that one handles record by record, and this
 * function writes the whole batch in one statement first. Powertools still builds the partial
 * batch response from the outcomes (in message group order on a FIFO queue: partial-response.ts),
 * and throws when every record failed, which makes the event source mapping back off. Each
 * record is settled in the scope of its message's correlation id, as sqsBatchHandler would.
 */

const config = loadReceiptDeliveryConfig();

/** One connection per container, opened on the first batch; the event source mapping's maximum concurrency caps the containers. */
const connection = new DeliveryConnection({
  target: () => readDatabaseSecret(config.databaseSecret.arn, config.databaseSecret.maxAgeSeconds),
  statementTimeoutMs: config.statementTimeoutMs,
  connectTimeoutMs: config.connectTimeoutMs,
});

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  try {
    const outcomes = await deliverBatch(connection, event.Records);
    const unavailable = waitingForDatabase(event.Records, outcomes);
    if (unavailable.length) await delayRetries(sqsClient(), unavailable, config.retryDelay);
    if (event.Records.length) {
      const counts = summarize(outcomes);
      logger.info("batch delivered", counts);
      // Written (inserted or updated) against not written, whatever the reason; an unchanged
      // row (a replay, or a newer version there already) is neither.
      countMetric("ReceiptsDelivered", counts.inserted + counts.updated);
      countMetric("DeliveryFailures", counts.rejected + counts.invalid + counts.retried);
    }
    const settle = settleRecord(outcomes, config.rejectionTargets);
    return await partialResponse(
      event,
      (record) => withCorrelationId(recordCorrelationId(record), () => settle(record)),
      context,
    );
  } finally {
    flushMetrics();
  }
};
