import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { newId, ownerIdFromClaims } from "@shoebox/runtime";
import {
  REVIEW_REJECTED_ERROR,
  ReviewDetailSchema,
  type ReviewItem,
  ReviewListResponseSchema,
  ReviewTaskOutputSchema,
  receiptSortKey,
  reviewSortKey,
} from "@shoebox/schemas";
import {
  createBucket,
  createKeyedTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

/*
 * The review API through moto's DynamoDB and S3 (the original's link is fetched from moto), with
 * Step Functions mocked: each test asserts what the waiting task was sent. alice has reviews in
 * every status beside her receipts; bob has one pending review of his own.
 */

const TABLE = "shoebox-test-receipts";
const BUCKET = "shoebox-test-uploads";
const ALICE = "alice-subject";
const BOB = "bob-subject";

const ownerOf = (subject: string) => ownerIdFromClaims(fixtureIssuer(), subject);

const sfn = mockClient(SFNClient);
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;
let call: (
  method: "GET" | "POST",
  subject: string,
  options?: { id?: string; query?: Record<string, string>; body?: unknown },
) => Promise<APIGatewayProxyStructuredResultV2>;

/** alice's pending reviews, oldest receipt first; each original has two versions, the review names the first. */
const alicePending: ReviewItem[] = [];
const originals = new Map<string, Buffer>();

const review = (
  subject: string,
  status: ReviewItem["status"],
  change: Partial<ReviewItem> = {},
): ReviewItem => {
  const ownerId = ownerOf(subject);
  const photoId = newId();
  return {
    ownerId,
    sk: reviewSortKey(photoId),
    photoId,
    status,
    taskToken: `token-${photoId}`,
    round: 1,
    reasons: [{ code: "LOW_CONFIDENCE", field: "total", message: "the total was read with 41% confidence" }],
    fields: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
    reading: null,
    original: { key: `uploads/${ownerId}/${photoId}`, contentType: "image/jpeg" },
    requestedAt: "2026-11-24T09:00:00.000Z",
    deadlineAt: "2026-11-25T09:00:00.000Z",
    decisions: [],
    ...(status === "PENDING" ? {} : { endedAt: "2026-11-24T10:00:00.000Z" }),
    ...change,
  };
};

const write = async (items: object[]) => {
  for (let i = 0; i < items.length; i += 25) {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
};

/** Puts the original twice: the review names the first version, which its link must serve. */
const putOriginal = async (item: ReviewItem): Promise<ReviewItem> => {
  const s3 = new S3Client({ forcePathStyle: true });
  const bytes = Buffer.from(`jpeg bytes of ${item.photoId}`);
  const { VersionId } = await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: item.original.key, Body: bytes }),
  );
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: item.original.key, Body: "a later upload" }));
  originals.set(item.photoId, bytes);
  return { ...item, original: { ...item.original, ...(VersionId ? { versionId: VersionId } : {}) } };
};

/** A pending review of alice's, stored, for a test of its own. */
const pendingReview = async (change: Partial<ReviewItem> = {}): Promise<ReviewItem> => {
  const item = await putOriginal(review(ALICE, "PENDING", change));
  await write([item]);
  return item;
};

const stored = async (item: ReviewItem) =>
  (await dynamo.send(new GetCommand({ TableName: TABLE, Key: { ownerId: item.ownerId, sk: item.sk } })))
    .Item as ReviewItem;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, {
    RECEIPTS_TABLE: TABLE,
    UPLOADS_BUCKET: BUCKET,
    LIMITS_TABLE: "shoebox-test-limits",
    // Requests go back to back; the request limit is @shoebox/runtime's, tested with photos-api.
    USER_REQUESTS_PER_SECOND: "0",
  });
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  await createKeyedTable(TABLE, "ownerId", "sk");
  await createBucket(BUCKET);
  await new S3Client({ forcePathStyle: true }).send(
    new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: "Enabled" } }),
  );

  // alice: 7 pending reviews among decided and expired ones, her receipts and a marker beside them.
  const items: object[] = [];
  for (let n = 0; n < 16; n++) {
    const status = n % 2 === 0 || n === 15 ? "PENDING" : n % 3 === 0 ? "EXPIRED" : "APPROVED";
    const item = await putOriginal(review(ALICE, status, { round: n % 4 === 0 ? 2 : 1 }));
    if (status === "PENDING" && alicePending.length < 7) alicePending.push(item);
    if (status !== "PENDING" || alicePending.includes(item)) items.push(item);
    items.push({
      ownerId: item.ownerId,
      sk: receiptSortKey(item.photoId),
      photoId: item.photoId,
      status: "IN_REVIEW",
    });
  }
  items.push(await putOriginal(review(BOB, "PENDING")));
  await write(items);

  const { handler } = await import("../../src/handler.ts");
  call = async (method, subject, { id, query, body } = {}) =>
    (await handler(
      httpEvent({
        method,
        route: id === undefined ? "/reviews" : "/reviews/{id}",
        subject,
        ...(id === undefined ? {} : { pathParameters: { id } }),
        ...(query ? { queryStringParameters: query } : {}),
        ...(body === undefined ? {} : { body }),
      }),
      lambdaContext("reviews-api"),
    )) as APIGatewayProxyStructuredResultV2;
});

afterAll(async () => {
  sfn.restore();
  await moto?.stop();
});

beforeEach(() => {
  sfn.reset();
});

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body));

/** Every page of GET /reviews, following nextToken to the end. */
const listAll = async (subject: string, limit: string) => {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const response = await call("GET", subject, { query: { limit, ...(nextToken ? { nextToken } : {}) } });
    expect(response.statusCode).toBe(200);
    const page = ReviewListResponseSchema.parse(bodyOf(response));
    pages.push(page.reviews.map((summary) => summary.reviewId));
    nextToken = page.nextToken;
  } while (nextToken && pages.length < 20);
  return pages;
};

describe("GET /reviews", () => {
  it("pages through the caller's pending reviews only, oldest receipt first, each once, across 3 pages", async () => {
    const pages = await listAll(ALICE, "3");

    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(alicePending.map((item) => item.photoId));
  });

  it("shows each review as its summary: no task token, keys or original", async () => {
    const response = await call("GET", ALICE, { query: { limit: "1" } });

    const [first] = alicePending as [ReviewItem];
    expect(bodyOf(response).reviews).toEqual([
      {
        reviewId: first.photoId,
        photoId: first.photoId,
        status: "PENDING",
        round: first.round,
        reasons: first.reasons,
        fields: first.fields,
        requestedAt: first.requestedAt,
        deadlineAt: first.deadlineAt,
      },
    ]);
    expect(String(response.body)).not.toContain("token-");
  });

  it("answers 400 to another owner's nextToken and to one that is no token", async () => {
    const bobPage = await call("GET", BOB, { query: { limit: "1" } });
    const aliceToken = ReviewListResponseSchema.parse(
      bodyOf(await call("GET", ALICE, { query: { limit: "1" } })),
    ).nextToken;

    const responses = await Promise.all([
      call("GET", BOB, { query: { nextToken: String(aliceToken) } }),
      call("GET", ALICE, { query: { nextToken: "not-a-token" } }),
    ]);

    expect(bodyOf(bobPage).nextToken).toBeUndefined();
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toEqual({ message: "nextToken is not a token this API issued" });
    }
  });
});

describe("GET /reviews/{id}", () => {
  it("answers the review with a link to the very version of its original, and a heartbeat for the waiting task", async () => {
    // Prepare
    const item = await pendingReview();
    sfn.on(SendTaskHeartbeatCommand).resolves({});

    // Act
    const response = await call("GET", ALICE, { id: item.photoId });

    // Assess
    expect(response.statusCode).toBe(200);
    const detail = ReviewDetailSchema.parse(bodyOf(response));
    expect(detail).toMatchObject({ reviewId: item.photoId, status: "PENDING", reading: null, decisions: [] });
    expect(String(response.body)).not.toContain(item.taskToken);
    const image = await fetch(detail.imageUrl);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(originals.get(item.photoId));
    expect(new URL(detail.imageUrl).searchParams.get("X-Amz-Expires")).toBe("300");
    expect(sfn.commandCalls(SendTaskHeartbeatCommand).map((sent) => sent.args[0].input)).toEqual([
      { taskToken: item.taskToken },
    ]);
  });

  it("still answers when the task no longer waits (the workflow records the expiry)", async () => {
    const item = await pendingReview();
    sfn.on(SendTaskHeartbeatCommand).rejects(new TaskTimedOut({ message: "timed out", $metadata: {} }));

    const response = await call("GET", ALICE, { id: item.photoId });

    expect(response.statusCode).toBe(200);
    expect((await stored(item)).status).toBe("PENDING");
  });

  it("sends no heartbeat for a decided review", async () => {
    const item = review(ALICE, "APPROVED");
    await write([item]);

    const response = await call("GET", ALICE, { id: item.photoId });

    expect(bodyOf(response).status).toBe("APPROVED");
    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toEqual([]);
  });

  it("answers the same 404 for another owner's review, an unknown id and a malformed one", async () => {
    const bobs = review(BOB, "PENDING");
    await write([bobs]);

    const responses = await Promise.all(
      [bobs.photoId, newId(), "../etc"].map((id) => call("GET", ALICE, { id })),
    );

    expect(responses.map((response) => [response.statusCode, bodyOf(response)])).toEqual(
      Array(3).fill([404, { message: "review not found" }]),
    );
    expect(sfn.commandCalls(SendTaskHeartbeatCommand)).toEqual([]);
  });
});

describe("POST /reviews/{id}", () => {
  it("approves: records the decision, hands it to the waiting task and answers the review as decided", async () => {
    // Prepare
    const item = await pendingReview();
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const response = await call("POST", ALICE, { id: item.photoId, body: { action: "approve" } });

    // Assess
    expect(response.statusCode).toBe(200);
    const detail = ReviewDetailSchema.parse(bodyOf(response));
    const [sent] = sfn.commandCalls(SendTaskSuccessCommand).map((command) => command.args[0].input);
    expect(sent?.taskToken).toBe(item.taskToken);
    const output = ReviewTaskOutputSchema.parse(JSON.parse(String(sent?.output)));
    expect(output).toEqual({
      action: "approve",
      reviewer: ownerOf(ALICE),
      decidedAt: expect.any(String),
      before: item.fields,
      after: item.fields,
    });
    expect(detail).toMatchObject({ status: "APPROVED", decisions: [output] });
    expect(detail.imageUrl).toContain(encodeURIComponent(String(item.original.versionId)));
    expect(await stored(item)).toMatchObject({
      status: "APPROVED",
      endedAt: output.decidedAt,
      decisions: [output],
    });
  });

  it("corrects: the fields merged with the corrections go to the workflow, after round 1's decision", async () => {
    const earlier = {
      action: "reject" as const,
      reviewer: ownerOf(ALICE),
      decidedAt: "2026-11-20T10:00:00.000Z",
      before: { total: 1 },
      after: { total: 1 },
      reason: "blurry",
    };
    const item = await pendingReview({ round: 2, decisions: [earlier] });
    sfn.on(SendTaskSuccessCommand).resolves({});

    const response = await call("POST", ALICE, {
      id: item.photoId,
      body: { action: "correct", fields: { total: 21.5 } },
    });

    expect(response.statusCode).toBe(200);
    const output = JSON.parse(String(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output));
    expect(output).toMatchObject({
      action: "correct",
      before: item.fields,
      after: { ...item.fields, total: 21.5 },
    });
    expect((await stored(item)).decisions).toEqual([earlier, output]);
    expect(bodyOf(response).status).toBe("CORRECTED");
  });

  it("rejects: fails the waiting task as Review.Rejected with the reason", async () => {
    const item = await pendingReview();
    sfn.on(SendTaskFailureCommand).resolves({});

    const response = await call("POST", ALICE, {
      id: item.photoId,
      body: { action: "reject", reason: "not mine" },
    });

    expect(response.statusCode).toBe(200);
    expect(sfn.commandCalls(SendTaskFailureCommand).map((sent) => sent.args[0].input)).toEqual([
      { taskToken: item.taskToken, error: REVIEW_REJECTED_ERROR, cause: "not mine" },
    ]);
    expect(await stored(item)).toMatchObject({
      status: "REJECTED",
      decisions: [{ action: "reject", reason: "not mine" }],
    });
  });

  it("answers 409 with its status for a review already decided, sending nothing", async () => {
    const item = review(ALICE, "CORRECTED");
    await write([item]);

    const response = await call("POST", ALICE, { id: item.photoId, body: { action: "approve" } });

    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({
      message: "the review is CORRECTED: it takes no decision",
      status: "CORRECTED",
    });
    expect(sfn.calls()).toEqual([]);
  });

  it("answers 404 for another owner's review, sending nothing and changing nothing", async () => {
    const bobs = review(BOB, "PENDING");
    await write([bobs]);

    const response = await call("POST", ALICE, { id: bobs.photoId, body: { action: "approve" } });

    expect([response.statusCode, bodyOf(response)]).toEqual([404, { message: "review not found" }]);
    expect(await stored(bobs)).toEqual(bobs);
    expect(sfn.calls()).toEqual([]);
  });

  it.each([
    ["a correction of no field", { action: "correct", fields: {} }, /^fields: name at least one field/],
    [
      "a correction with a total that is no number",
      { action: "correct", fields: { total: "12,50" } },
      /^fields\.total: /,
    ],
    ["a correction of an unknown field", { action: "correct", fields: { tip: 2 } }, /^fields: /],
    ["a rejection without a reason", { action: "reject" }, /^reason: /],
    ["an unknown action", { action: "maybe" }, /^action: /],
  ])("answers 400 with the problem for %s, changing nothing", async (_, body, issue) => {
    const item = await pendingReview();

    const response = await call("POST", ALICE, { id: item.photoId, body });

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toMatchObject({ message: "the request body is invalid" });
    expect(bodyOf(response).issues[0]).toMatch(issue);
    expect(await stored(item)).toEqual(item);
    expect(sfn.calls()).toEqual([]);
  });

  it("marks the review EXPIRED and answers 409 when the task timed out before the decision arrived", async () => {
    const item = await pendingReview();
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: "Task Timed Out", $metadata: {} }));

    const response = await call("POST", ALICE, { id: item.photoId, body: { action: "approve" } });

    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({
      message: "the review ended before your decision arrived",
      status: "EXPIRED",
    });
    const expired = await stored(item);
    expect(expired).toMatchObject({ status: "EXPIRED", decisions: [], endedAt: expect.any(String) });
  });

  it("puts the review back to PENDING and answers 503 with Retry-After when Step Functions cannot take it now; the decision sent again succeeds", async () => {
    // Prepare
    const item = await pendingReview();
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    });
    sfn.on(SendTaskSuccessCommand).rejectsOnce(throttled).resolves({});

    // Act
    const refused = await call("POST", ALICE, { id: item.photoId, body: { action: "approve" } });
    const afterRefusal = await stored(item);
    const retried = await call("POST", ALICE, { id: item.photoId, body: { action: "approve" } });

    // Assess
    expect(refused.statusCode).toBe(503);
    expect(refused.headers?.["retry-after"]).toBe("5");
    expect(afterRefusal).toEqual(item);
    expect(retried.statusCode).toBe(200);
    expect((await stored(item)).decisions).toHaveLength(1);
  });

  it("answers 409 to the second of two decisions racing for one review: only one reaches the workflow", async () => {
    const item = await pendingReview();
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});

    const responses = await Promise.all([
      call("POST", ALICE, { id: item.photoId, body: { action: "approve" } }),
      call("POST", ALICE, { id: item.photoId, body: { action: "reject", reason: "changed my mind" } }),
    ]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(sfn.calls()).toHaveLength(1);
    expect((await stored(item)).decisions).toHaveLength(1);
  });
});
