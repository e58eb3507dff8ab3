import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ownerIdFromClaims } from "@shoebox/runtime";
import { UploadResponseSchema } from "@shoebox/schemas";
import {
  createBatchesTable,
  createBucket,
  createLimitsTable,
  createPhotosTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/*
 * POST /uploads against the per-user limits, through moto: the counts are real conditional
 * UpdateItems on a limits table. The clock is frozen (Date only: timers and sockets run) so that
 * every request falls in one request window and the Retry-After values are exact.
 */

const BUCKET = "shoebox-test-uploads";
const TABLE = "shoebox-test-photos";
const BATCHES = "shoebox-test-batches";
const LIMITS = "shoebox-test-limits";
const NOW = new Date("2026-11-24T10:00:05.000Z");
/** From NOW to midnight UTC. */
const SECONDS_TO_MIDNIGHT = 14 * 3600 - 5;
const FILES_PER_DAY = 10;
const BYTES_PER_DAY = 10_000;
/** 1 a second with a burst of 25: one 25 s window, 10:00:00 to 10:00:25. */
const REQUEST_BURST = 25;

let moto: MotoServer;
let post: (subject: string, body: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let dynamo: DynamoDBDocumentClient;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, {
    UPLOADS_BUCKET: BUCKET,
    PHOTOS_TABLE: TABLE,
    BATCHES_TABLE: BATCHES,
    LIMITS_TABLE: LIMITS,
    MAX_UPLOAD_BYTES: "5000",
    USER_FILES_PER_DAY: String(FILES_PER_DAY),
    USER_BYTES_PER_DAY: String(BYTES_PER_DAY),
    USER_REQUESTS_PER_SECOND: "1",
    USER_REQUEST_BURST: String(REQUEST_BURST),
  });
  await createBucket(BUCKET);
  await createPhotosTable(TABLE);
  await createBatchesTable(BATCHES);
  await createLimitsTable(LIMITS);
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const { handler } = await import("../../src/handler.ts");
  post = async (subject, body) =>
    (await handler(
      httpEvent({ method: "POST", route: "/uploads", body, subject }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
});

afterAll(async () => {
  vi.useRealTimers();
  await moto?.stop();
});

const images = (count: number, size = 10) =>
  Array.from({ length: count }, (_, i) => ({ name: `IMG_${i}.jpg`, contentType: "image/jpeg", size }));

const ownerOf = (subject: string) => ownerIdFromClaims(fixtureIssuer(), subject);

/** What a request left behind for the owner: photo items and batch items. */
const recordsOf = async (subject: string) => {
  const count = async (TableName: string) =>
    (
      await dynamo.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "ownerId = :o",
          ExpressionAttributeValues: { ":o": ownerOf(subject) },
          Select: "COUNT",
        }),
      )
    ).Count;
  return { photos: await count(TABLE), batches: await count(BATCHES) };
};

const todaysCount = async (subject: string) =>
  (
    await dynamo.send(
      new GetCommand({ TableName: LIMITS, Key: { ownerId: ownerOf(subject), window: "day#2026-11-24" } }),
    )
  ).Item;

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body));

describe("POST /uploads, per-user daily limits", () => {
  it("answers 429 with Retry-After until midnight UTC to a user at the file limit, while another user still gets 201", async () => {
    // Prepare
    expect((await post("files-alice", { files: images(FILES_PER_DAY) })).statusCode).toBe(201);

    // Act
    const refused = await post("files-alice", { files: images(1) });
    const other = await post("files-bob", { files: images(1) });

    // Assess
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.["retry-after"]).toBe(String(SECONDS_TO_MIDNIGHT));
    expect(refused.headers?.["content-type"]).toBe("application/json");
    expect(bodyOf(refused)).toEqual({
      message: `daily limit reached: 10 of 10 files used today and this request adds 1; the count resets at 2026-11-25T00:00:00.000Z`,
      limit: "files-per-day",
      resetsAt: "2026-11-25T00:00:00.000Z",
    });
    expect(await recordsOf("files-alice")).toEqual({ photos: FILES_PER_DAY, batches: 1 });
    expect(other.statusCode).toBe(201);
  });

  it("counts the declared sizes: a request that would pass the byte limit is refused whole and records nothing", async () => {
    // Prepare
    expect((await post("bytes-carol", { files: images(2, 4000) })).statusCode).toBe(201);

    // Act
    const refused = await post("bytes-carol", { files: [...images(1, 1000), ...images(1, 1500)] });
    const fits = await post("bytes-carol", { files: images(1, 2000) });

    // Assess
    expect(refused.statusCode).toBe(429);
    expect(bodyOf(refused)).toMatchObject({
      limit: "bytes-per-day",
      message: expect.stringContaining("8000 of 10000 bytes used today and this request adds 2500"),
    });
    expect(fits.statusCode).toBe(201);
    expect(await recordsOf("bytes-carol")).toEqual({ photos: 3, batches: 2 });
    expect(await todaysCount("bytes-carol")).toMatchObject({ files: 3, bytes: BYTES_PER_DAY });
  });

  it("admits exactly the limit when 20 requests race for it, and records only what it admitted", async () => {
    // Act
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post("racing-dave", { files: images(1) })),
    );

    // Assess
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(FILES_PER_DAY);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - FILES_PER_DAY);
    expect(await recordsOf("racing-dave")).toEqual({ photos: FILES_PER_DAY, batches: FILES_PER_DAY });
    expect(await todaysCount("racing-dave")).toMatchObject({
      files: FILES_PER_DAY,
      bytes: FILES_PER_DAY * 10,
    });
  });

  it("answers 413 to a request larger than a whole day's allowance, which waiting would not fix, and counts nothing", async () => {
    const refused = await post("greedy-erin", { files: images(FILES_PER_DAY + 1) });

    expect(refused.statusCode).toBe(413);
    expect(refused.headers?.["retry-after"]).toBeUndefined();
    expect(bodyOf(refused).message).toMatch(/adds 11 files, more than the 10 files a day allows/);
    expect(await recordsOf("greedy-erin")).toEqual({ photos: 0, batches: 0 });
    expect((await post("greedy-erin", { files: images(FILES_PER_DAY) })).statusCode).toBe(201);
  });

  it("gives the count back when the request fails after counting (a batch id that is not the caller's)", async () => {
    const failed = await post("unlucky-frank", {
      files: images(FILES_PER_DAY),
      batchId: "01JD3M7Z8K9Q4R5S6T7V8W9X0Y",
    });

    expect(failed.statusCode).toBe(404);
    expect(await todaysCount("unlucky-frank")).toMatchObject({ files: 0, bytes: 0 });
    expect((await post("unlucky-frank", { files: images(FILES_PER_DAY) })).statusCode).toBe(201);
  });

  it("counts nothing for a request whose every file is refused", async () => {
    const refused = await post("typo-grace", {
      files: [{ name: "a.txt", contentType: "text/plain", size: 10 }],
    });

    expect(refused.statusCode).toBe(422);
    expect(await todaysCount("typo-grace")).toBeUndefined();
  });
});

describe("POST /uploads, per-user request limit", () => {
  it("answers 429 with Retry-After until the window ends past the burst, records nothing, and leaves other users alone", async () => {
    // Prepare: requests the API answers without an upload (every file refused) still count.
    for (let i = 0; i < REQUEST_BURST; i++) {
      expect(
        (await post("busy-heidi", { files: [{ name: "a.txt", contentType: "text/plain", size: 1 }] }))
          .statusCode,
      ).toBe(422);
    }

    // Act
    const refused = await post("busy-heidi", { files: images(1) });
    const other = await post("calm-ivan", { files: images(1) });

    // Assess
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.["retry-after"]).toBe("20");
    expect(bodyOf(refused)).toEqual({
      message: "too many requests: at most 25 every 25 s; try again at 2026-11-24T10:00:25.000Z",
      limit: "requests",
      resetsAt: "2026-11-24T10:00:25.000Z",
    });
    expect(await recordsOf("busy-heidi")).toEqual({ photos: 0, batches: 0 });
    expect(await todaysCount("busy-heidi")).toBeUndefined();
    expect(other.statusCode).toBe(201);
    expect(UploadResponseSchema.parse(bodyOf(other)).uploads).toHaveLength(1);
  });
});
