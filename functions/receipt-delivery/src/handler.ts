import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { DeliveryConnection, isDelivered } from "@shoebox/pg-delivery";
import { logger, sqsClient, TransientError } from "@shoebox/runtime";
import type { DatabaseTarget } from "@shoebox/schemas";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { config } from "./config.ts";
import { parseDatabaseSecret, putSecretHint } from "./database-secret.ts";
import { deliverBatch, isRejection, type RecordOutcome, summarize } from "./deliver-batch.ts";
import { recordRejection } from "./record-rejection.ts";
import { delayRetries } from "./retry-delay.ts";

/*
 * Not sqsBatchHandler from @shoebox/runtime: that one handles record by record, and this
 * function writes the whole batch in one statement first. Powertools still builds the partial
 * batch response from the outcomes, and throws when every record failed, which makes the event
 * source mapping back off.
 */

/**
 * The database (URL and CA) from its secret, through Powertools' cache, whenever a connection
 * opens. An operator fixes a missing or wrong secret; until then the receipts wait on the queue.
 */
const database = async (): Promise<DatabaseTarget> => {
  let value: unknown;
  try {
    value = await getSecret(config.DATABASE_SECRET_ARN, { maxAge: config.DATABASE_SECRET_MAX_AGE_SECONDS });
  } catch (error) {
    throw new TransientError(
      `cannot read secret ${config.DATABASE_SECRET_ARN} (${(error as Error).message}); if it has no value yet, ${putSecretHint(config.DATABASE_SECRET_ARN)}`,
    );
  }
  return parseDatabaseSecret(value, config.DATABASE_SECRET_ARN);
};

/** One connection per container, opened on the first batch; the event source mapping's maximum concurrency caps the containers. */
const connection = new DeliveryConnection({
  target: database,
  statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
});
const processor = new BatchProcessor(EventType.SQS);
const retryDelay = {
  baseSeconds: config.RETRY_BASE_DELAY_SECONDS,
  maxSeconds: config.RETRY_MAX_DELAY_SECONDS,
};
const rejectionTargets = {
  receiptsTable: config.RECEIPTS_TABLE,
  batchesTable: config.BATCHES_TABLE,
  eventsTopicArn: config.EVENTS_TOPIC_ARN,
};

/**
 * A record succeeds when its receipt is committed, or when the table can never take it and
 * that is recorded on the receipt (retrying would only fail again, up to the DLQ); otherwise
 * its typed error fails it.
 */
const settle = (outcomes: ReadonlyMap<string, RecordOutcome>) => async (record: SQSRecord) => {
  const outcome = outcomes.get(record.messageId);
  if (!outcome) throw new TransientError(`no outcome for message ${record.messageId}`);
  if (isDelivered(outcome)) return;
  if (isRejection(outcome)) {
    await recordRejection(outcome, rejectionTargets, new Date().toISOString());
    return;
  }
  throw outcome.error;
};

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const outcomes = await deliverBatch(connection, event.Records);
  const unavailable = event.Records.filter((record) => {
    const outcome = outcomes.get(record.messageId);
    return outcome && !isDelivered(outcome) && outcome.error instanceof TransientError;
  });
  if (unavailable.length) await delayRetries(sqsClient(), unavailable, retryDelay);
  if (event.Records.length) logger.info("batch delivered", summarize(outcomes));
  return processPartialResponse(event, settle(outcomes), processor, { context });
};
