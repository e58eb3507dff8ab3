import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadReviewRequestConfig } from "../../src/config.ts";

describe("loadReviewRequestConfig", () => {
  it("reads the table and the events topic", () => {
    const env = {
      RECEIPTS_TABLE: "shoebox-dev-receipts",
      EVENTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:shoebox-dev-events",
    };

    expect(loadReviewRequestConfig(env)).toEqual({
      receiptsTable: env.RECEIPTS_TABLE,
      eventsTopicArn: env.EVENTS_TOPIC_ARN,
    });
  });

  it("fails fast, naming every missing variable", () => {
    expect(() => loadReviewRequestConfig({})).toThrow(ConfigurationError);
    expect(() => loadReviewRequestConfig({})).toThrow(/RECEIPTS_TABLE.*EVENTS_TOPIC_ARN/);
  });
});
