import { readFileSync } from "node:fs";
import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import { PhotoProcessedRecordSchema as PhotoRecordSchema } from "@shoebox/schemas";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  logger,
  PermanentError,
  sqsBatchHandler,
  TransientError,
  UnprocessableMessageError,
} from "../src/index.ts";

const {
  Records: [fixtureRecord],
} = JSON.parse(readFileSync(new URL("events/sqs/photo-processed.json", import.meta.url), "utf8")) as {
  Records: [SQSRecord];
};

/** The fixture's record once per body, each with its own message id. */
const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, index): SQSRecord => ({ ...fixtureRecord, messageId: `m-${index}`, body })),
});

/** The fixture's photo.processed message about another photo. */
const photo = (photoId: string) => JSON.stringify({ ...JSON.parse(fixtureRecord.body), photoId });
const photoIds = [
  "01KAXG3W7R5N8ZK4T2B9C6D1E1",
  "01KAXG3W7R5N8ZK4T2B9C6D1E2",
  "01KAXG3W7R5N8ZK4T2B9C6D1E3",
] as const;
const [p1, p2, p3] = [photo(photoIds[0]), photo(photoIds[1]), photo(photoIds[2])];
const context = { functionName: "test" } as Context;

afterEach(() => vi.restoreAllMocks());

describe("sqsBatchHandler", () => {
  it("hands every record to the handler with its body parsed and its SQS attributes, and reports no failure", async () => {
    const seen: unknown[] = [];
    const handler = sqsBatchHandler({ record: PhotoRecordSchema }, async (record) => {
      seen.push([record.body.photoId, record.attributes.ApproximateReceiveCount]);
    });

    const response = await handler(sqsEvent(p1, p2), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      [photoIds[0], "1"],
      [photoIds[1], "1"],
    ]);
  });

  it("fails only a record that does not match its schema, without calling the handler, and logs its issues", async () => {
    const errors = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const handled: string[] = [];
    const handler = sqsBatchHandler({ record: PhotoRecordSchema }, async (record) => {
      handled.push(record.body.photoId);
    });

    const response = await handler(sqsEvent(p1, '{"eventType":"photo.failed"}', "not json"), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }, { itemIdentifier: "m-2" }] });
    expect(handled).toEqual([photoIds[0]]);
    expect(errors).toHaveBeenCalledWith(
      "invalid message; it stays on the queue until the DLQ takes it",
      expect.objectContaining({
        messageId: "m-1",
        receiveCount: "1",
        issues: expect.stringMatching(/^body\./),
      }),
    );
  });

  it("fails a batch of nothing but invalid messages with UnprocessableMessageErrors, never PermanentErrors", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const handler = sqsBatchHandler({ record: PhotoRecordSchema }, async () => undefined);

    const failure = await handler(sqsEvent("{}", "[1]"), context).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FullBatchFailureError);
    const recordErrors = (failure as FullBatchFailureError).recordErrors;
    expect(recordErrors).toHaveLength(2);
    for (const error of recordErrors) {
      expect(error).toBeInstanceOf(UnprocessableMessageError);
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(error.message).toMatch(/^invalid message: body/);
    }
  });

  it("returns a record whose handler throws to the queue, logging its error, and keeps its batch-mates", async () => {
    const errors = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const boom = new TransientError("throttled");
    const handler = sqsBatchHandler({ record: PhotoRecordSchema }, async (record) => {
      if (record.body.photoId === photoIds[1]) throw boom;
    });

    const response = await handler(sqsEvent(p1, p2), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(errors).toHaveBeenCalledWith("record returned to the queue", {
      messageId: "m-1",
      receiveCount: "1",
      error: boom,
    });
  });

  it("handles records all at once by default, and one after another with oneAtATime", async () => {
    const peakInFlight = async (oneAtATime: boolean) => {
      let inFlight = 0;
      let peak = 0;
      const handler = sqsBatchHandler({ record: PhotoRecordSchema, oneAtATime }, async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      });
      await handler(sqsEvent(p1, p2, p3), context);
      return peak;
    };

    expect(await peakInFlight(false)).toBe(3);
    expect(await peakInFlight(true)).toBe(1);
  });
});
