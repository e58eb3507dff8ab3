import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId, ownerIdFromClaims } from "@shoebox/runtime";
import {
  BatchViewSchema,
  type PhotoItem,
  PhotoListResponseSchema,
  PhotoViewSchema,
  thumbnailKey,
  uploadKey,
} from "@shoebox/schemas";
import {
  createBatchesTable,
  createBucket,
  createPhotosTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BUCKET = "shoebox-test-thumbnails";
const TABLE = "shoebox-test-photos";
const BATCHES = "shoebox-test-batches";
const ALICE = "alice-subject";
const BOB = "bob-subject";

let moto: MotoServer;
let call: (options: Parameters<typeof httpEvent>[0]) => Promise<APIGatewayProxyStructuredResultV2>;
const alicePhotoIds: string[] = [];
let bobPhotoId = "";

const item = (subject: string, photoId: string, overrides: Partial<PhotoItem> = {}): PhotoItem => {
  const ownerId = ownerIdFromClaims(fixtureIssuer(), subject);
  const at = new Date().toISOString();
  return {
    ownerId,
    photoId,
    kind: "photo",
    status: "PENDING",
    uploadKey: uploadKey(ownerId, photoId),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, {
    THUMBNAILS_BUCKET: BUCKET,
    PHOTOS_TABLE: TABLE,
    BATCHES_TABLE: BATCHES,
    LIMITS_TABLE: "shoebox-test-limits",
    // These tests send requests back to back; the request limit is tested in request-limit.test.ts.
    USER_REQUESTS_PER_SECOND: "0",
  });
  await createBucket(BUCKET);
  await createPhotosTable(TABLE);
  await createBatchesTable(BATCHES);

  for (let i = 0; i < 5; i++) alicePhotoIds.push(newId());
  bobPhotoId = newId();
  const aliceOwner = ownerIdFromClaims(fixtureIssuer(), ALICE);
  const smallKey = thumbnailKey(aliceOwner, String(alicePhotoIds[4]), "small");
  await new S3Client({ forcePathStyle: true }).send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: smallKey,
      Body: Buffer.from("webp-bytes"),
      ContentType: "image/webp",
    }),
  );
  const items = [
    ...alicePhotoIds.map((photoId, i) =>
      item(
        ALICE,
        photoId,
        i === 4
          ? { status: "PROCESSED", thumbnails: { small: smallKey }, correlationId: "Hk3nXj1moAMEYxw=" }
          : {},
      ),
    ),
    item(BOB, bobPhotoId),
  ];
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new BatchWriteCommand({ RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } }),
  );

  const { handler } = await import("../../src/handler.ts");
  call = async (options) =>
    (await handler(httpEvent(options), lambdaContext())) as APIGatewayProxyStructuredResultV2;
});

afterAll(async () => moto?.stop());

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body));

describe("GET /photos", () => {
  it("lists only the caller's photos, newest first, page by page", async () => {
    // Act
    const first = await call({
      method: "GET",
      route: "/photos",
      queryStringParameters: { limit: "3" },
      subject: ALICE,
    });
    const firstPage = PhotoListResponseSchema.parse(bodyOf(first));
    const second = await call({
      method: "GET",
      route: "/photos",
      queryStringParameters: { limit: "3", nextToken: String(firstPage.nextToken) },
      subject: ALICE,
    });
    const secondPage = PhotoListResponseSchema.parse(bodyOf(second));

    // Assess
    const listed = [...firstPage.photos, ...secondPage.photos].map((photo) => photo.photoId);
    expect(listed).toEqual([...alicePhotoIds].reverse());
    expect(listed).not.toContain(bobPhotoId);
  });

  it("answers 400 to a page token it did not issue", async () => {
    const response = await call({
      method: "GET",
      route: "/photos",
      queryStringParameters: { nextToken: "e30" },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(400);
  });

  it("answers 400 with the issue to a limit out of range", async () => {
    const response = await call({
      method: "GET",
      route: "/photos",
      queryStringParameters: { limit: "1000" },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues[0]).toMatch(/^limit:/);
  });
});

describe("GET /photos/{id}", () => {
  it("shows the caller's photo with its upload's correlation id and a presigned thumbnail URL that serves the thumbnail", async () => {
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: String(alicePhotoIds[4]) },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(200);
    const photo = PhotoViewSchema.parse(bodyOf(response));
    expect(photo.status).toBe("PROCESSED");
    expect(photo.correlationId).toBe("Hk3nXj1moAMEYxw=");
    expect(bodyOf(response)).not.toHaveProperty("ownerId");
    expect(bodyOf(response)).not.toHaveProperty("uploadKey");
    const thumbnail = await fetch(String(photo.thumbnails.small));
    expect(await thumbnail.text()).toBe("webp-bytes");
  });

  it.each([
    ["another user's photo", () => bobPhotoId],
    ["an unknown id", () => newId()],
    ["a malformed id", () => "../../etc"],
  ])("answers 404 for %s", async (_, photoId) => {
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: photoId() },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ message: "photo not found" });
  });

  it("shows a photo uploaded before correlation ids without one", async () => {
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: String(alicePhotoIds[0]) },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).not.toHaveProperty("correlationId");
  });
});

describe("GET /batches/{id}", () => {
  it("reports the caller's batch with every counter, zero until something happened, after atomic ADDs", async () => {
    // Prepare
    const batchId = newId();
    const ownerId = ownerIdFromClaims(fixtureIssuer(), ALICE);
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await dynamo.send(
      new PutCommand({
        TableName: BATCHES,
        Item: { ownerId, batchId, createdAt: new Date().toISOString(), expected: 3 },
      }),
    );
    for (const counter of ["processed", "processed", "stored", "failed"]) {
      await dynamo.send(
        new UpdateCommand({
          TableName: BATCHES,
          Key: { ownerId, batchId },
          UpdateExpression: "ADD #counter :one",
          ExpressionAttributeNames: { "#counter": counter },
          ExpressionAttributeValues: { ":one": 1 },
        }),
      );
    }

    // Act
    const response = await call({
      method: "GET",
      route: "/batches/{id}",
      pathParameters: { id: batchId },
      subject: ALICE,
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(BatchViewSchema.parse(bodyOf(response))).toMatchObject({
      batchId,
      expected: 3,
      processed: 2,
      failed: 1,
      stored: 1,
      duplicate: 0,
      invalid: 0,
    });
  });

  it("shows what became of the batch's archive, each refused entry with its reason, and none of the function's bookkeeping", async () => {
    // Prepare
    const batchId = newId();
    const ownerId = ownerIdFromClaims(fixtureIssuer(), ALICE);
    const at = new Date().toISOString();
    const refused = [
      { index: 2, name: "../../etc/passwd", code: "UNSAFE_NAME", reason: "the name leaves the archive" },
    ];
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new PutCommand({
        TableName: BATCHES,
        Item: {
          ownerId,
          batchId,
          createdAt: at,
          expected: 2,
          archive: {
            key: `archives/${ownerId}/${batchId}`,
            etag: '"abc"',
            status: "COMPLETED",
            entries: 4,
            nextEntry: 4,
            accepted: 2,
            skipped: 1,
            refused,
            refusedCount: 1,
            inflatedBytes: 1234,
            startedAt: at,
            updatedAt: at,
            completedAt: at,
          },
        },
      }),
    );

    // Act
    const response = await call({
      method: "GET",
      route: "/batches/{id}",
      pathParameters: { id: batchId },
      subject: ALICE,
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(BatchViewSchema.parse(bodyOf(response)).archive).toEqual({
      status: "COMPLETED",
      entries: 4,
      accepted: 2,
      skipped: 1,
      refused,
      refusedCount: 1,
      completedAt: at,
    });
    expect(bodyOf(response)).not.toHaveProperty("archive.etag");
  });

  it("answers 404 for another user's batch", async () => {
    const batchId = newId();
    const bobOwner = ownerIdFromClaims(fixtureIssuer(), BOB);
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new PutCommand({
        TableName: BATCHES,
        Item: { ownerId: bobOwner, batchId, createdAt: new Date().toISOString(), expected: 1 },
      }),
    );

    const response = await call({
      method: "GET",
      route: "/batches/{id}",
      pathParameters: { id: batchId },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ message: "batch not found" });
  });
});
