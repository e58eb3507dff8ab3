import { describe, expect, it } from "vitest";
import { queueOf, retryDelaySeconds } from "../../src/retry-delay.ts";

describe("retryDelaySeconds", () => {
  it("doubles the delay with every receive and stops at the maximum", () => {
    const settings = { baseSeconds: 30, maxSeconds: 900 };

    const delays = [1, 2, 3, 4, 5, 6, 7, 50].map((count) => retryDelaySeconds(count, settings));

    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });
});

describe("queueOf", () => {
  it("names the queue and its account from the event source ARN of a record", () => {
    expect(queueOf("arn:aws:sqs:eu-west-1:123456789012:shoebox-dev-receipt-delivery")).toEqual({
      QueueName: "shoebox-dev-receipt-delivery",
      QueueOwnerAWSAccountId: "123456789012",
    });
  });
});
