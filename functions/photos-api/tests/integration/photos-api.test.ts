import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@shoebox/runtime";
import {
  BatchViewSchema,
  type ImageFacts,
  PhotoDetailSchema,
  PhotoListResponseSchema,
  thumbnailKey,
  uploadKey,
} from "@shoebox/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyOf,
  type Call,
  photoItem as item,
  type LocalPhotosApi,
  ownerOf,
  putPhotoItems,
  RESOURCES,
  startPhotosApi,
} from "../helpers/local-aws.ts";

const BUCKET = RESOURCES.thumbnailsBucket;
const BATCHES = RESOURCES.batchesTable;
const ALICE = "alice-subject";
const BOB = "bob-subject";
/** A 12 MP photo taken upright: its thumbnails are 120x160 and 480x640. */
const PORTRAIT: ImageFacts = {
  width: 3024,
  height: 4032,
  format: "jpeg",
  bytes: 2_345_678,
  sha256: "a".repeat(64),
};

let api: LocalPhotosApi;
let call: Call;
const alicePhotoIds: string[] = [];
let bobPhotoId = "";
const s3 = () => new S3Client({ forcePathStyle: true });

const putObject = async (bucket: string, key: string, body: string, contentType: string) =>
  (
    await s3().send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), ContentType: contentType }),
    )
  ).VersionId;

beforeAll(async () => {
  // These tests send requests back to back; the request limit is tested in request-limit.test.ts.
  api = await startPhotosApi({ USER_REQUESTS_PER_SECOND: "0" });
  call = api.call;

  for (let i = 0; i < 5; i++) alicePhotoIds.push(newId());
  bobPhotoId = newId();
  const aliceOwner = ownerOf(ALICE);
  const processedId = String(alicePhotoIds[4]);
  const thumbnails = {
    small: thumbnailKey(aliceOwner, processedId, "small"),
    medium: thumbnailKey(aliceOwner, processedId, "medium"),
  };
  await putObject(BUCKET, thumbnails.small, "webp-bytes", "image/webp");
  await putObject(BUCKET, thumbnails.medium, "medium-webp-bytes", "image/webp");
  // The original decided on, then a second upload to the same key that the thumbnail function
  // would refuse and delete: the download must still be the first.
  const decidedVersion = await putObject(
    RESOURCES.uploadsBucket,
    uploadKey(aliceOwner, processedId),
    "original-jpeg-bytes",
    "image/jpeg",
  );
  await putObject(
    RESOURCES.uploadsBucket,
    uploadKey(aliceOwner, processedId),
    "a later upload",
    "image/jpeg",
  );
  await putPhotoItems([
    ...alicePhotoIds.map((photoId, i) =>
      item(
        ALICE,
        photoId,
        i === 4
          ? {
              status: "PROCESSED",
              originalName: "Café Zürich.jpg",
              contentType: "image/jpeg",
              originalVersionId: decidedVersion,
              image: PORTRAIT,
              thumbnails,
              correlationId: "Hk3nXj1moAMEYxw=",
            }
          : {},
      ),
    ),
    item(BOB, bobPhotoId),
  ]);
});

afterAll(async () => api?.moto.stop());

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
    const [newest] = firstPage.photos;
    expect(newest?.thumbnails.medium).toMatchObject({ width: 480, height: 640 });
    expect(newest).not.toHaveProperty("originalUrl");
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
    expect(bodyOf(response)).toMatchObject({ issues: [expect.stringMatching(/^limit:/)] });
  });
});

describe("GET /photos/{id}", () => {
  it("shows the caller's photo with its upload's correlation id and each thumbnail's presigned URL, width and height", async () => {
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: String(alicePhotoIds[4]) },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(200);
    const photo = PhotoDetailSchema.parse(bodyOf(response));
    expect(photo.status).toBe("PROCESSED");
    expect(photo.correlationId).toBe("Hk3nXj1moAMEYxw=");
    expect(bodyOf(response)).not.toHaveProperty("ownerId");
    expect(bodyOf(response)).not.toHaveProperty("uploadKey");
    expect(bodyOf(response)).not.toHaveProperty("originalVersionId");
    expect(photo.thumbnails.small).toMatchObject({ width: 120, height: 160 });
    expect(photo.thumbnails.medium).toMatchObject({ width: 480, height: 640 });
    const thumbnail = await fetch(String(photo.thumbnails.small?.url));
    expect(await thumbnail.text()).toBe("webp-bytes");
  });

  it("links the original as a download of the version decided on, under the name it was uploaded with", async () => {
    // Act
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: String(alicePhotoIds[4]) },
      subject: ALICE,
    });
    const download = await fetch(String(PhotoDetailSchema.parse(bodyOf(response)).originalUrl));

    // Assess
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("original-jpeg-bytes");
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="Caf_ Z_rich.jpg"; filename*=UTF-8''Caf%C3%A9%20Z%C3%BCrich.jpg`,
    );
    expect(download.headers.get("content-type")).toBe("image/jpeg");
  });

  it("has no original to link while the photo is PENDING", async () => {
    const response = await call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: String(alicePhotoIds[0]) },
      subject: ALICE,
    });

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).not.toHaveProperty("originalUrl");
    expect(bodyOf(response).thumbnails).toEqual({});
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
    // Prepare: four receipts, one failed to read, one stored and one rejected in review (the
    // workflow's outcome names are the counters), one still open.
    const batchId = newId();
    const ownerId = ownerOf(ALICE);
    const createdAt = new Date().toISOString();
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await dynamo.send(
      new PutCommand({ TableName: BATCHES, Item: { ownerId, batchId, createdAt, expected: 4 } }),
    );
    for (const counter of ["processed", "processed", "processed", "stored", "rejected", "failed"]) {
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
    expect(bodyOf(response)).toEqual({
      batchId,
      createdAt,
      expected: 4,
      processed: 3,
      failed: 1,
      stored: 1,
      duplicate: 0,
      invalid: 0,
      rejected: 1,
    });
    expect(BatchViewSchema.safeParse(bodyOf(response)).success).toBe(true);
  });

  it("shows what became of the batch's archive, each refused entry with its reason, and none of the function's bookkeeping", async () => {
    // Prepare
    const batchId = newId();
    const ownerId = ownerOf(ALICE);
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
    const bobOwner = ownerOf(BOB);
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
