import { DeliveryConnection } from "@shoebox/pg-delivery";
import { logger, sqsClient } from "@shoebox/runtime";
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
 * and throws when every record failed, which makes the event source mapping back off.
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
  const outcomes = await deliverBatch(connection, event.Records);
  const unavailable = waitingForDatabase(event.Records, outcomes);
  if (unavailable.length) await delayRetries(sqsClient(), unavailable, config.retryDelay);
  if (event.Records.length) logger.info("batch delivered", summarize(outcomes));
  return partialResponse(event, settleRecord(outcomes, config.rejectionTargets), context);
};
