import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient, metrics, newId } from "@shoebox/runtime";
import { PhotoItemSchema, PhotoProcessedMessageSchema, uploadKey } from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import type { SQSEvent } from "aws-lambda";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext, loadEvent, testEnvironment, uploadsQueueEvent } from "../helpers/events.ts";
import { documentFixture, photo, photoWithCameraExif, truncatedJpeg } from "../helpers/images.ts";
import {
  createEventsTopic,
  createPhotosTable,
  createResources,
  deleteEventsTopic,
  deletePhotosTable,
  drainPublished,
  putOriginal,
  readBatchCounts,
  readOriginalVersions,
  readPhotoItem,
  readThumbnail,
  uploadPhoto,
} from "../helpers/local-aws.ts";

/*
 * The handler as Lambda runs it, against a real moto server: S3, DynamoDB, SNS (read back
 * through a subscribed SQS queue). Each test uses new photo ids, so tests do not share items.
 */
const OWNER = "Zk3vQ9x_T2mB-8pLwYc1Ra";
const FIXTURE_PHOTO = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW"; // the photo of sqs/s3-object-created.json

let moto: MotoServer;
let handler: typeof import("../../src/handler.ts")["handler"];
const invoke = (event: SQSEvent) => handler(event, lambdaContext);

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, testEnvironment);
  await createResources();
  ({ handler } = await import("../../src/handler.ts"));
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await drainPublished();
});
afterEach(() => vi.restoreAllMocks());

describe("thumbnail handler on the uploads queue", () => {
  it("turns the fixture upload into thumbnails, a PROCESSED item and a photo.processed message", async () => {
    // Prepare
    await uploadPhoto(OWNER, FIXTURE_PHOTO, await photoWithCameraExif());

    // Act
    const response = await invoke(loadEvent("sqs/s3-object-created"));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const item = await readPhotoItem(OWNER, FIXTURE_PHOTO);
    expect(item).toMatchObject({
      status: "PROCESSED",
      image: { width: 400, height: 600, format: "jpeg", capturedAt: "2021-03-04T03:06:07.000Z" },
      thumbnails: {
        small: `thumbnails/${OWNER}/${FIXTURE_PHOTO}/small.webp`,
        medium: `thumbnails/${OWNER}/${FIXTURE_PHOTO}/medium.webp`,
      },
      notifiedAt: expect.any(String),
    });
    expect(item?.image).toHaveProperty("sha256", expect.stringMatching(/^[0-9a-f]{64}$/));

    const sizes = { small: [107, 160], medium: [400, 600] }; // medium: never enlarged
    for (const [size, [width, height]] of Object.entries(sizes)) {
      const thumbnail = await readThumbnail(`thumbnails/${OWNER}/${FIXTURE_PHOTO}/${size}.webp`);
      expect(thumbnail.contentType).toBe("image/webp");
      expect(thumbnail.cacheControl).toMatch(/max-age=\d+/);
      const decoded = await sharp(thumbnail.body).metadata();
      expect([decoded.format, decoded.width, decoded.height, decoded.exif]).toEqual([
        "webp",
        width,
        height,
        undefined,
      ]);
    }

    const published = await drainPublished();
    expect(published).toHaveLength(1);
    expect(published[0]?.body).toMatchObject({
      eventType: "photo.processed",
      ownerId: OWNER,
      photoId: FIXTURE_PHOTO,
      kind: "photo",
      image: item?.image,
      thumbnails: item?.thumbnails,
      occurredAt: item?.updatedAt,
    });
    expect(published[0]?.attributes).toEqual({
      eventType: { Type: "String", Value: "photo.processed" },
      kind: { Type: "String", Value: "photo" },
    });
  });

  it("skips the s3:TestEvent and a key outside uploads/{ownerId}/{photoId}, publishing nothing", async () => {
    // Act
    const responses = [
      await invoke(loadEvent("sqs/s3-test-event")),
      await invoke(loadEvent<{ event: SQSEvent }>("smoke").event),
      await invoke(loadEvent("sqs/s3-object-created-foreign-key")),
    ];

    // Assess
    expect(responses).toEqual([
      { batchItemFailures: [] },
      { batchItemFailures: [] },
      { batchItemFailures: [] },
    ]);
    expect(await drainPublished()).toEqual([]);
  });

  it("records a corrupt image as FAILED without failing the good image in the same batch", async () => {
    // Prepare
    const [corrupt, good] = [newId(), newId()];
    const keys = [
      await uploadPhoto(OWNER, corrupt, truncatedJpeg()),
      await uploadPhoto(OWNER, good, photo("chelsea")),
    ];

    // Act
    const response = await invoke(uploadsQueueEvent(keys));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, corrupt)).toMatchObject({
      status: "FAILED",
      failureCode: "CORRUPT_IMAGE",
      // libvips names the cause ("premature end of JPEG file") unless another thread's error
      // cleared its message first; the code and the prefix are what never vary.
      failureReason: expect.stringMatching(/^the image is damaged or incomplete/),
    });
    expect(await readPhotoItem(OWNER, good)).toMatchObject({
      status: "PROCESSED",
      image: { width: 451, height: 300 },
    });
    const published = await drainPublished();
    expect(
      published.map((message) => [message.body.photoId, message.attributes.eventType?.Value]).sort(),
    ).toEqual(
      [
        [corrupt, "photo.failed"],
        [good, "photo.processed"],
      ].sort(),
    );
    expect(published.find((message) => message.body.photoId === corrupt)?.body).toMatchObject({
      failureCode: "CORRUPT_IMAGE",
    });
  });

  it("records an upload whose object is gone as FAILED with OBJECT_MISSING", async () => {
    // Prepare
    const missing = newId();
    const key = await uploadPhoto(OWNER, missing, undefined);

    // Act
    const response = await invoke(uploadsQueueEvent([key]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, missing)).toMatchObject({
      status: "FAILED",
      failureCode: "OBJECT_MISSING",
    });
    expect((await drainPublished()).map((message) => message.body.eventType)).toEqual(["photo.failed"]);
  });

  it("creates the item, as a photo, when an upload arrives without one", async () => {
    // Prepare
    const orphan = newId();
    const key = uploadKey(OWNER, orphan);
    await putOriginal(key, photo("chelsea"));

    // Act
    const response = await invoke(uploadsQueueEvent([key]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, orphan)).toMatchObject({
      status: "PROCESSED",
      kind: "photo",
      uploadKey: key,
      createdAt: expect.any(String),
    });
    expect((await drainPublished()).map((message) => message.body.photoId)).toEqual([orphan]);
  });

  it("announces receipts with kind receipt, for subscribers that filter on it", async () => {
    // Prepare
    const receipt = newId();
    const key = await uploadPhoto(OWNER, receipt, photo("coffee"), "receipt");

    // Act
    await invoke(uploadsQueueEvent([key]));

    // Assess
    const [message] = await drainPublished();
    expect(message?.attributes.kind).toEqual({ Type: "String", Value: "receipt" });
    expect(message?.body).toMatchObject({ kind: "receipt", photoId: receipt });
  });

  it("turns an iPhone's HEIC photo into WebP thumbnails and a PROCESSED item", async () => {
    // Prepare
    const heicPhoto = newId();
    const key = await uploadPhoto(OWNER, heicPhoto, documentFixture("coffee.heic"));

    // Act
    const response = await invoke(uploadsQueueEvent([key]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const item = PhotoItemSchema.parse(await readPhotoItem(OWNER, heicPhoto));
    expect(item).toMatchObject({
      status: "PROCESSED",
      image: { width: 600, height: 400, format: "heic" },
      thumbnails: {
        small: `thumbnails/${OWNER}/${heicPhoto}/small.webp`,
        medium: `thumbnails/${OWNER}/${heicPhoto}/medium.webp`,
      },
    });
    const medium = await sharp(
      (await readThumbnail(`thumbnails/${OWNER}/${heicPhoto}/medium.webp`)).body,
    ).metadata();
    expect([medium.format, medium.width, medium.height]).toEqual(["webp", 600, 400]);
    const [message] = await drainPublished();
    expect(PhotoProcessedMessageSchema.parse(message?.body).image.format).toBe("heic");
  });

  it("makes a scanned PDF receipt's thumbnails from its page, and records its pages", async () => {
    // Prepare
    const scanned = newId();
    const key = await uploadPhoto(OWNER, scanned, documentFixture("scanned-receipt.pdf"), "receipt");

    // Act
    await invoke(uploadsQueueEvent([key]));

    // Assess
    const item = PhotoItemSchema.parse(await readPhotoItem(OWNER, scanned));
    expect(item).toMatchObject({
      status: "PROCESSED",
      kind: "receipt",
      image: { width: 600, height: 400, format: "pdf", pages: 1 },
      thumbnails: { small: `thumbnails/${OWNER}/${scanned}/small.webp` },
    });
    const [message] = await drainPublished();
    expect(PhotoProcessedMessageSchema.parse(message?.body)).toMatchObject({
      kind: "receipt",
      image: { format: "pdf", pages: 1 },
    });
  });

  it("records a text-only PDF receipt PROCESSED without thumbnails, and announces it for the workflow", async () => {
    // Prepare
    const printed = newId();
    const key = await uploadPhoto(OWNER, printed, documentFixture("text-receipt.pdf"), "receipt");

    // Act
    await invoke(uploadsQueueEvent([key]));

    // Assess
    const item = PhotoItemSchema.parse(await readPhotoItem(OWNER, printed));
    expect(item).toMatchObject({
      status: "PROCESSED",
      image: { width: 595, height: 842, format: "pdf", pages: 1 },
      thumbnails: {},
    });
    const [message] = await drainPublished();
    expect(PhotoProcessedMessageSchema.parse(message?.body)).toMatchObject({
      kind: "receipt",
      thumbnails: {},
    });
  });

  it("records a PDF receipt with JavaScript FAILED at once, with the reason", async () => {
    // Prepare
    const scripted = newId();
    const key = await uploadPhoto(OWNER, scripted, documentFixture("javascript.pdf"), "receipt");

    // Act
    const response = await invoke(uploadsQueueEvent([key]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, scripted)).toMatchObject({
      status: "FAILED",
      failureCode: "UNSUPPORTED_FORMAT",
      failureReason: expect.stringMatching(/^the PDF runs JavaScript/),
    });
    expect((await drainPublished()).map((message) => message.body.eventType)).toEqual(["photo.failed"]);
  });

  it("changes nothing, publishes nothing and counts nothing again when the same event is replayed", async () => {
    // Prepare
    const [corrupt, good, batchId] = [newId(), newId(), newId()];
    const event = uploadsQueueEvent([
      await uploadPhoto(OWNER, corrupt, Buffer.from("not a photo"), "photo", batchId),
      await uploadPhoto(OWNER, good, photo("astronaut"), "photo", batchId),
    ]);
    await invoke(event);
    const decided = [await readPhotoItem(OWNER, corrupt), await readPhotoItem(OWNER, good)];
    expect(await drainPublished()).toHaveLength(2);
    expect(await readBatchCounts(OWNER, batchId)).toMatchObject({ processed: 1, failed: 1 });

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect([await readPhotoItem(OWNER, corrupt), await readPhotoItem(OWNER, good)]).toEqual(decided);
    expect(await drainPublished()).toEqual([]);
    expect(await readBatchCounts(OWNER, batchId)).toMatchObject({ processed: 1, failed: 1 });
  });

  it("fails only the record whose body is not an S3 notification", async () => {
    // Prepare
    const good = newId();
    const event = uploadsQueueEvent([await uploadPhoto(OWNER, good, photo("chelsea"))]);
    const [template] = event.Records;
    if (!template) throw new Error("no record");
    event.Records.push({ ...template, messageId: "not-from-s3", body: '{"hello":"world"}' });

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "not-from-s3" }] });
    expect(await readPhotoItem(OWNER, good)).toMatchObject({ status: "PROCESSED" });
  });
});

/**
 * A batch of these uploads plus an s3:TestEvent, which always succeeds. (When every record of
 * a batch fails, Powertools throws FullBatchFailureError instead, and SQS retries them all.)
 */
const batchWithTestEvent = (keys: string[]): SQSEvent => ({
  Records: [...loadEvent("sqs/s3-test-event").Records, ...uploadsQueueEvent(keys).Records],
});

describe("thumbnail handler when AWS fails", () => {
  it("returns the record to the queue when the photos table is unavailable", async () => {
    // Prepare
    const key = await uploadPhoto(OWNER, newId(), photo("chelsea"));
    await deletePhotosTable();

    try {
      // Act
      const response = await invoke(batchWithTestEvent([key]));

      // Assess
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "message-1" }] });
      expect(await drainPublished()).toEqual([]);
      await expect(invoke(uploadsQueueEvent([key]))).rejects.toThrow(/All records failed/);
    } finally {
      await createPhotosTable();
    }
  });

  it("never loses the announcement: a failed publish is retried, and the retry publishes it once", async () => {
    // Prepare
    const good = newId();
    const event = batchWithTestEvent([await uploadPhoto(OWNER, good, photo("coffee"))]);
    await deleteEventsTopic();

    // Act: the first delivery cannot publish
    const firstAttempt = await invoke(event);

    // Assess: decided, not announced, and the record goes back to the queue
    expect(firstAttempt).toEqual({ batchItemFailures: [{ itemIdentifier: "message-1" }] });
    const decided = await readPhotoItem(OWNER, good);
    expect(decided).toMatchObject({ status: "PROCESSED" });
    expect(decided).not.toHaveProperty("notifiedAt");

    // Act: SNS is back; SQS delivers the message again
    await createEventsTopic();
    const retry = await invoke(event);

    // Assess: announced once, with the original decision time, and only once
    expect(retry).toEqual({ batchItemFailures: [] });
    const published = await drainPublished();
    expect(published.map((message) => message.body)).toEqual([
      expect.objectContaining({
        eventType: "photo.processed",
        photoId: good,
        occurredAt: decided?.updatedAt,
      }),
    ]);
    expect(await readPhotoItem(OWNER, good)).toHaveProperty("notifiedAt");
    expect(await invoke(event)).toEqual({ batchItemFailures: [] });
    expect(await drainPublished()).toEqual([]);
  });
});

describe("thumbnail handler against reused upload URLs and repeated failures", () => {
  it("keeps what it processed: a second upload to a decided photo is deleted, the first stays", async () => {
    // Prepare: the photo is processed from its first upload, then its URL is used again
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, undefined);
    const first = await photo("chelsea");
    const firstVersion = await putOriginal(key, first);
    await invoke(uploadsQueueEvent([{ key, versionId: firstVersion }]));
    const processed = await readPhotoItem(OWNER, photoId);
    const secondVersion = await putOriginal(key, await photo("coffee"));

    // Act
    const response = await invoke(uploadsQueueEvent([{ key, versionId: secondVersion }]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(processed).toMatchObject({ status: "PROCESSED", originalVersionId: firstVersion });
    expect(await readPhotoItem(OWNER, photoId)).toEqual(processed);
    const versions = await readOriginalVersions(key);
    expect(versions.map((version) => version.versionId)).toEqual([firstVersion]);
    expect(versions[0]?.body.equals(Buffer.from(first))).toBe(true);
  });

  it("decides from the version its event names, even when a later upload replaced it", async () => {
    // Prepare: two uploads land before the first event is handled
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, undefined);
    const firstVersion = await putOriginal(key, await photo("chelsea"));
    const secondVersion = await putOriginal(key, truncatedJpeg());

    // Act
    const response = await invoke(
      uploadsQueueEvent([
        { key, versionId: firstVersion },
        { key, versionId: secondVersion },
      ]),
    );

    // Assess: the first version was decided; the second is refused, not decoded
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, photoId)).toMatchObject({
      status: "PROCESSED",
      originalVersionId: firstVersion,
    });
    expect((await readOriginalVersions(key)).map((version) => version.versionId)).toEqual([firstVersion]);
  });

  it("renders nothing for a second upload while the first one's delivery holds the photo", async () => {
    // Prepare: the first upload's delivery has claimed the PENDING photo and is still rendering
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, undefined);
    const firstVersion = await putOriginal(key, await photo("chelsea"));
    const secondVersion = await putOriginal(key, await photo("coffee"));
    await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: testEnvironment.PHOTOS_TABLE,
        Key: { ownerId: OWNER, photoId },
        UpdateExpression: "SET originalVersionId = :version",
        ExpressionAttributeValues: { ":version": firstVersion },
      }),
    );

    // Act
    const response = await invoke(uploadsQueueEvent([{ key, versionId: secondVersion }]));

    // Assess: the second version is gone, no thumbnail was written, the photo waits for the first
    expect(response).toEqual({ batchItemFailures: [] });
    expect((await readOriginalVersions(key)).map((version) => version.versionId)).toEqual([firstVersion]);
    await expect(readThumbnail(`thumbnails/${OWNER}/${photoId}/small.webp`)).rejects.toThrow(
      /NoSuchKey|not exist/i,
    );
    expect(await readPhotoItem(OWNER, photoId)).toMatchObject({
      status: "PENDING",
      originalVersionId: firstVersion,
    });
    expect(await drainPublished()).toEqual([]);
  });

  it("records FAILED on the last delivery the queue makes instead of trying again", async () => {
    // Prepare
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, await photo("chelsea"));

    // Act: the queue's maxReceiveCount (MAX_RECEIVES) is 5
    const response = await invoke(uploadsQueueEvent([key], 5));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, photoId)).toMatchObject({
      status: "FAILED",
      failureCode: "REPEATED_FAILURE",
      failureReason: expect.stringMatching(/could not be processed in 4 attempts; upload it again/),
      notifiedAt: expect.any(String),
    });
    expect((await drainPublished()).map((message) => message.body)).toEqual([
      expect.objectContaining({ eventType: "photo.failed", photoId, failureCode: "REPEATED_FAILURE" }),
    ]);
  });

  it("records the correlation id of the original's metadata on the photo, announces with it, and counts the photo", async () => {
    // Prepare: an item written without one (an archive entry of an older fan-out, say)
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, undefined);
    await putOriginal(key, await photo("chelsea"), { "correlation-id": "Hk3nXj1moAMEYxw=" });
    const counted = vi.spyOn(metrics, "addMetric");

    // Act
    const response = await invoke(uploadsQueueEvent([key]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readPhotoItem(OWNER, photoId)).toMatchObject({
      status: "PROCESSED",
      correlationId: "Hk3nXj1moAMEYxw=",
    });
    const [announced, ...others] = await drainPublished();
    expect(others).toEqual([]);
    expect(announced?.attributes.correlationId).toEqual({ Type: "String", Value: "Hk3nXj1moAMEYxw=" });
    expect(counted.mock.calls).toEqual([["PhotosProcessed", "Count", 1]]);
  });

  it("announces a photo it never read with the correlation id of its item, and counts it failed", async () => {
    // Prepare: the PENDING item as uploads-api writes it
    const photoId = newId();
    const key = await uploadPhoto(OWNER, photoId, await photo("chelsea"));
    await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: testEnvironment.PHOTOS_TABLE,
        Key: { ownerId: OWNER, photoId },
        UpdateExpression: "SET correlationId = :id",
        ExpressionAttributeValues: { ":id": "verify-deploy-7" },
      }),
    );
    const counted = vi.spyOn(metrics, "addMetric");

    // Act: the last delivery decides without reading the original
    await invoke(uploadsQueueEvent([key], 5));

    // Assess
    expect(await readPhotoItem(OWNER, photoId)).toMatchObject({
      status: "FAILED",
      correlationId: "verify-deploy-7",
    });
    expect((await drainPublished()).map((message) => message.attributes.correlationId)).toEqual([
      { Type: "String", Value: "verify-deploy-7" },
    ]);
    expect(counted.mock.calls).toEqual([["PhotosFailed", "Count", 1]]);
  });
});
