import { loadConfig, positiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of receipt-delivery, as Terraform's function module sets it. */
const ReceiptDeliveryEnvironmentSchema = z.object({
  /**
   * The Secrets Manager secret naming the customer's server: JSON {"url":"postgres://...",
   * "caCertificate":"-----BEGIN CERTIFICATE-----..."} or a bare postgres:// URL (see
   * database-secret.ts): never in the environment, where the console and every
   * GetFunctionConfiguration caller would see the password.
   */
  DATABASE_SECRET_ARN: requiredString,
  /** The secret is read again after this long, so a rotated password reaches the next connection. */
  DATABASE_SECRET_MAX_AGE_SECONDS: positiveInt(300),
  /**
   * Where a receipt the customer's database will never take is recorded FAILED (its item,
   * and its batch's counters) and announced (receipt.failed), instead of being retried.
   */
  RECEIPTS_TABLE: requiredString,
  BATCHES_TABLE: requiredString,
  EVENTS_TOPIC_ARN: requiredString,
  /** The server cancels a batch's statement after this long; the batch is then retried later. */
  DB_STATEMENT_TIMEOUT_MS: positiveInt(10_000),
  DB_CONNECT_TIMEOUT_MS: positiveInt(5_000),
  /** A batch that failed because the database was unavailable waits this long, doubled per attempt ... */
  RETRY_BASE_DELAY_SECONDS: positiveInt(30),
  /** ... up to this long (SQS allows 12 hours), so an outage costs few receives of maxReceiveCount. */
  RETRY_MAX_DELAY_SECONDS: positiveInt(900),
});

/**
 * receipt-delivery's configuration, in the shapes its modules take: the database's secret and
 * timeouts, the retry delay (retry-delay.ts) and where rejections go (record-rejection.ts).
 */
export const ReceiptDeliveryConfigSchema = ReceiptDeliveryEnvironmentSchema.transform((env) => ({
  databaseSecret: { arn: env.DATABASE_SECRET_ARN, maxAgeSeconds: env.DATABASE_SECRET_MAX_AGE_SECONDS },
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
  retryDelay: { baseSeconds: env.RETRY_BASE_DELAY_SECONDS, maxSeconds: env.RETRY_MAX_DELAY_SECONDS },
  rejectionTargets: {
    receiptsTable: env.RECEIPTS_TABLE,
    batchesTable: env.BATCHES_TABLE,
    eventsTopicArn: env.EVENTS_TOPIC_ARN,
  },
}));

export type ReceiptDeliveryConfig = z.infer<typeof ReceiptDeliveryConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptDeliveryConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptDeliveryConfig =>
  loadConfig(ReceiptDeliveryConfigSchema, env);
