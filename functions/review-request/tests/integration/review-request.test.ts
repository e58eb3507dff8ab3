import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { metrics } from "@shoebox/runtime";
import {
  type ReceiptItem,
  type ReviewDecisionRecord,
  type ReviewItem,
  type ReviewRequest,
  receiptSortKey,
  reviewSortKey,
} from "@shoebox/schemas";
import { createKeyedTable, lambdaContext, type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventsInbox, type EventsInbox } from "../helpers/events-inbox.ts";
import { OWNER, reviewRequest } from "../helpers/review-requests.ts";

/*
 * The AwaitReview task through moto's DynamoDB and SNS (a queue subscribed to the events topic
 * reads what was published), as the workflow invokes it: a ReviewRequest payload.
 */

const TABLE = "shoebox-test-receipts";

let moto: MotoServer;
let inbox: EventsInbox;
let dynamo: DynamoDBDocumentClient;
let handler: (payload: unknown) => Promise<void>;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  await createKeyedTable(TABLE, "ownerId", "sk");
  inbox = await createEventsInbox("shoebox-test-events");
  Object.assign(process.env, { RECEIPTS_TABLE: TABLE, EVENTS_TOPIC_ARN: inbox.topicArn });
  const module = await import("../../src/handler.ts");
  handler = (payload) => module.handler(payload, lambdaContext("review-request"));
});

afterAll(async () => moto?.stop());

beforeEach(async () => {
  await inbox.drain();
});
afterEach(() => vi.restoreAllMocks());

const readItem = async (sk: string) =>
  (await dynamo.send(new GetCommand({ TableName: TABLE, Key: { ownerId: OWNER, sk } }))).Item;

const reviewOf = async (request: ReviewRequest) =>
  (await readItem(reviewSortKey(request.photoId))) as ReviewItem;
const receiptOf = async (request: ReviewRequest) =>
  (await readItem(receiptSortKey(request.photoId))) as ReceiptItem;

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

const decision = (decidedAt: string): ReviewDecisionRecord => ({
  action: "approve",
  reviewer: OWNER,
  decidedAt,
  before: { total: 12.5 },
  after: { total: 12.5 },
});

describe("review-request", () => {
  it("tells the owner with the upload's correlation id from its payload, and counts the review requested", async () => {
    const counted = vi.spyOn(metrics, "addMetric");

    await handler(reviewRequest({ correlationId: "Hk3nXj1moAMEYxw=" }));

    const [published, ...others] = await inbox.drain();
    expect(others).toEqual([]);
    expect(published?.attributes.correlationId).toEqual({ Type: "String", Value: "Hk3nXj1moAMEYxw=" });
    expect(counted.mock.calls).toEqual([["ReviewsRequested", "Count", 1]]);
  });

  it("opens a PENDING review with the token, marks a new receipt IN_REVIEW and publishes review.requested for its owner", async () => {
    // Prepare
    const request = reviewRequest();
    const before = Date.now();

    // Act
    await handler(request);

    // Assess
    const review = await reviewOf(request);
    expect(review).toEqual({
      ownerId: OWNER,
      sk: reviewSortKey(request.photoId),
      photoId: request.photoId,
      status: "PENDING",
      taskToken: request.taskToken,
      round: 1,
      reasons: request.reasons,
      fields: request.fields,
      reading: null,
      original: request.original,
      requestedAt: expect.any(String),
      deadlineAt: expect.any(String),
      decisions: [],
    });
    expect(Date.parse(review.requestedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(seconds(review.requestedAt, review.deadlineAt)).toBe(request.deadlineSeconds);
    expect(await receiptOf(request)).toEqual({
      ownerId: OWNER,
      sk: receiptSortKey(request.photoId),
      photoId: request.photoId,
      status: "IN_REVIEW",
    });
    const published = await inbox.drain();
    expect(published).toEqual([
      {
        body: {
          eventType: "review.requested",
          ownerId: OWNER,
          photoId: request.photoId,
          occurredAt: review.requestedAt,
          round: 1,
          reasons: request.reasons,
          fields: request.fields,
          deadlineAt: review.deadlineAt,
        },
        attributes: {
          eventType: { Type: "String", Value: "review.requested" },
          kind: { Type: "String", Value: "receipt" },
          ownerId: { Type: "String", Value: OWNER },
        },
      },
    ]);
  });

  it("keeps round 1's decisions when round 2 reopens the review with a new token, and publishes review.escalated", async () => {
    // Prepare: round 1 ended (the workflow marked it EXPIRED) after a decision of an earlier run.
    const first = reviewRequest();
    await handler(first);
    const history = [decision("2026-11-20T10:00:00.000Z")];
    const ended = {
      ...(await reviewOf(first)),
      status: "EXPIRED",
      decisions: history,
      endedAt: "2026-11-25T10:00:00.000Z",
    };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: ended }));
    await inbox.drain();
    const second = reviewRequest({ photoId: first.photoId, round: 2, deadlineSeconds: 3600 });

    // Act
    await handler(second);

    // Assess
    const review = await reviewOf(second);
    expect(review).toMatchObject({
      status: "PENDING",
      round: 2,
      taskToken: second.taskToken,
      decisions: history,
    });
    expect(review).not.toHaveProperty("endedAt");
    expect(seconds(review.requestedAt, review.deadlineAt)).toBe(3600);
    const published = await inbox.drain();
    expect(published.map((message) => [message.body.eventType, message.body.round])).toEqual([
      ["review.escalated", 2],
    ]);
    expect(published[0]?.attributes.eventType?.Value).toBe("review.escalated");
  });

  it("changes nothing of the review when the same request comes again (a retried invocation), and finishes the task", async () => {
    // Prepare
    const request = reviewRequest();
    await handler(request);
    const opened = await reviewOf(request);
    await inbox.drain();
    await new Promise((done) => setTimeout(done, 20));

    // Act
    await handler(request);

    // Assess: same deadline and request time; the owner is told again, at least once is the promise.
    expect(await reviewOf(request)).toEqual(opened);
    expect((await receiptOf(request)).status).toBe("IN_REVIEW");
    const published = await inbox.drain();
    expect(published.map((message) => message.body.deadlineAt)).toEqual([opened.deadlineAt]);
  });

  it("does not reopen a review its own request already saw decided, nor tell the owner again", async () => {
    // Prepare
    const request = reviewRequest();
    await handler(request);
    const decided = {
      ...(await reviewOf(request)),
      status: "APPROVED",
      decisions: [decision("2026-11-24T10:00:00.000Z")],
      endedAt: "2026-11-24T10:00:00.000Z",
    };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: decided }));
    const receipt = { ...(await receiptOf(request)), status: "STORED", storedAt: "2026-11-24T10:00:01.000Z" };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: receipt }));
    await inbox.drain();

    // Act
    await handler(request);

    // Assess
    expect(await reviewOf(request)).toEqual(decided);
    expect(await receiptOf(request)).toEqual(receipt);
    expect(await inbox.drain()).toEqual([]);
  });

  it("never touches a STORED receipt, and still opens the review the workflow waits on", async () => {
    // Prepare
    const request = reviewRequest();
    const stored: ReceiptItem = {
      ownerId: OWNER,
      sk: receiptSortKey(request.photoId),
      photoId: request.photoId,
      status: "STORED",
      merchant: "Café Central",
      date: "2026-11-20",
      totalMinor: 1250,
      currency: "EUR",
      storedAt: "2026-11-24T09:00:00.000Z",
    };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: stored }));

    // Act
    await handler(request);

    // Assess
    expect(await receiptOf(request)).toEqual(stored);
    expect((await reviewOf(request)).status).toBe("PENDING");
    expect((await inbox.drain()).map((message) => message.body.eventType)).toEqual(["review.requested"]);
  });

  it("sets an INVALID receipt IN_REVIEW and keeps what it holds", async () => {
    const request = reviewRequest();
    const invalid = {
      ownerId: OWNER,
      sk: receiptSortKey(request.photoId),
      photoId: request.photoId,
      status: "INVALID",
      problems: ["total must be above zero"],
    };
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: invalid }));

    await handler(request);

    expect(await receiptOf(request)).toEqual({ ...invalid, status: "IN_REVIEW" });
  });

  it("refuses a payload that is no ReviewRequest as ReviewRequest.Invalid, writing and publishing nothing", async () => {
    const request = reviewRequest();

    await expect(handler({ ...request, round: 3 })).rejects.toMatchObject({ name: "ReviewRequest.Invalid" });

    expect(await readItem(reviewSortKey(request.photoId))).toBeUndefined();
    expect(await readItem(receiptSortKey(request.photoId))).toBeUndefined();
    expect(await inbox.drain()).toEqual([]);
  });
});
