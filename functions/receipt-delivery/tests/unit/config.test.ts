import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadReceiptDeliveryConfig } from "../../src/config.ts";

const required = {
  DATABASE_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:shoebox-dev-database-AbCdEf",
  RECEIPTS_TABLE: "shoebox-dev-receipts",
  BATCHES_TABLE: "shoebox-dev-batches",
  EVENTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:shoebox-dev-events",
};

describe("loadReceiptDeliveryConfig", () => {
  it("reads the secret and the rejection targets, with the README's timeouts and retry delays", () => {
    expect(loadReceiptDeliveryConfig(required)).toEqual({
      databaseSecret: { arn: required.DATABASE_SECRET_ARN, maxAgeSeconds: 300 },
      statementTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      retryDelay: { baseSeconds: 30, maxSeconds: 900 },
      rejectionTargets: {
        receiptsTable: "shoebox-dev-receipts",
        batchesTable: "shoebox-dev-batches",
        eventsTopicArn: "arn:aws:sns:us-east-1:123456789012:shoebox-dev-events",
      },
    });
  });

  it("reads the timeouts and delays from the environment when set", () => {
    const config = loadReceiptDeliveryConfig({
      ...required,
      DB_STATEMENT_TIMEOUT_MS: "2000",
      RETRY_BASE_DELAY_SECONDS: "1",
      RETRY_MAX_DELAY_SECONDS: "4",
    });
    expect(config.statementTimeoutMs).toBe(2000);
    expect(config.retryDelay).toEqual({ baseSeconds: 1, maxSeconds: 4 });
  });

  it("fails fast, naming every missing variable", () => {
    const { DATABASE_SECRET_ARN, EVENTS_TOPIC_ARN, ...incomplete } = required;
    expect(() => loadReceiptDeliveryConfig(incomplete)).toThrow(ConfigurationError);
    expect(() => loadReceiptDeliveryConfig(incomplete)).toThrow(/DATABASE_SECRET_ARN.*EVENTS_TOPIC_ARN/);
  });
});
