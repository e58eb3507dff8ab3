import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { dynamoDocumentClient, s3Client, TransientError } from "@shoebox/runtime";
import { ArchiveBatchItemSchema, archiveKey, PhotoItemSchema, UploadKeySchema } from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFanoutConfig } from "../../src/config.ts";
import { fanOutArchive } from "../../src/fan-out-archive.ts";
import { archivesQueueEvent, lambdaContext, testEnvironment } from "../helpers/events.ts";
import {
  batchItem,
  countRangedReads,
  createResources,
  listUploads,
  photoItems,
  putArchive,
  readUpload,
  takeArchivesQueueMessages,
} from "../helpers/local-aws.ts";
import { buildZip, fakeJpeg, MiB, patchEntry, photo, sharedStreamZip } from "../helpers/zips.ts";

/*
 * The handler as Lambda runs it, against a real moto server (S3 and DynamoDB). Each test uses
 * its own owner, so tests do not see each other's photos.
 */
let moto: MotoServer;
let handler: typeof import("../../src/handler.ts")["handler"];
const invoke = (event: SQSEvent) => handler(event, lambdaContext);

const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";
const owner = (letter: string) => letter.repeat(22);

/** Three real photos (one in a folder), a text file, a traversal name and a zip bomb. */
const receiptsArchive = async (): Promise<Buffer> => {
  const zip = await buildZip([
    { name: "receipts", directory: true },
    { name: "receipts/coffee.jpg", bytes: photo("coffee") },
    { name: "chelsea.jpg", bytes: photo("chelsea"), compress: false },
    { name: "astronaut.jpg", bytes: photo("astronaut") },
    { name: "notes.txt", bytes: Buffer.from("Lunch with the client, paid cash.\n") },
    { name: "xx/evil.jpg", bytes: photo("coffee") },
    { name: "bomb.jpg", bytes: Buffer.alloc(20 * MiB) },
  ]);
  return patchEntry(zip, "xx/evil.jpg", { rename: "../evil.jpg" });
};

const originals: Record<string, Buffer> = {
  "coffee.jpg": photo("coffee"),
  "chelsea.jpg": photo("chelsea"),
  "astronaut.jpg": photo("astronaut"),
};

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

describe("archive-fanout handler on the archives queue", () => {
  it("fans 3 images out as uploads with PENDING receipt items and refuses text, traversal and bomb with reasons", async () => {
    // Prepare
    const ownerId = owner("A");
    await putArchive(archiveKey(ownerId, BATCH), await receiptsArchive());

    // Act
    const response = await invoke(archivesQueueEvent(archiveKey(ownerId, BATCH)));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });

    const items = (await photoItems(ownerId)).map((item) => PhotoItemSchema.parse(item));
    expect(items.map((item) => item.originalName).sort()).toEqual([
      "astronaut.jpg",
      "chelsea.jpg",
      "coffee.jpg",
    ]);
    for (const item of items) {
      const original = originals[item.originalName ?? ""];
      expect(item).toMatchObject({
        ownerId,
        batchId: BATCH,
        kind: "receipt",
        status: "PENDING",
        contentType: "image/jpeg",
        declaredBytes: original?.length,
      });
      // The key the thumbnail function parses, holding the entry's bytes, typed by them.
      expect(UploadKeySchema.parse(item.uploadKey)).toMatchObject({ ownerId, photoId: item.photoId });
      const upload = await readUpload(item.uploadKey);
      expect(upload.contentType).toBe("image/jpeg");
      expect(upload.body.equals(original ?? Buffer.alloc(0))).toBe(true);
      // An archive without a correlation id (uploaded before them) leaves its entries without one.
      expect(item).not.toHaveProperty("correlationId");
      expect(upload.metadata).toEqual({});
    }
    expect((await listUploads(ownerId)).map((object) => object.key).sort()).toEqual(
      items.map((item) => item.uploadKey).sort(),
    );

    const batch = ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH));
    expect(batch).toMatchObject({
      expected: 3,
      archive: {
        key: archiveKey(ownerId, BATCH),
        status: "COMPLETED",
        entries: 7,
        nextEntry: 7,
        accepted: 3,
        skipped: 1,
        refusedCount: 3,
        completedAt: expect.any(String),
      },
    });
    expect(batch.archive.refused).toEqual([
      { index: 4, name: "notes.txt", code: "NOT_AN_IMAGE", reason: expect.stringContaining("not jpeg") },
      { index: 5, name: "../evil.jpg", code: "UNSAFE_NAME", reason: expect.stringContaining("..") },
      {
        index: 6,
        name: "bomb.jpg",
        code: "ZIP_BOMB",
        reason: expect.stringContaining("times its compressed size"),
      },
    ]);
  });

  it("makes nothing new when the same event is delivered again", async () => {
    // Prepare
    const ownerId = owner("B");
    const event = archivesQueueEvent(archiveKey(ownerId, BATCH));
    await putArchive(archiveKey(ownerId, BATCH), await receiptsArchive());
    await invoke(event);
    const itemsBefore = await photoItems(ownerId);
    const uploadsBefore = await listUploads(ownerId);
    const batchBefore = await batchItem(ownerId, BATCH);

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await photoItems(ownerId)).toEqual(itemsBefore);
    expect(await listUploads(ownerId)).toEqual(uploadsBefore);
    expect(await batchItem(ownerId, BATCH)).toEqual(batchBefore);
  });

  it("resumes after a crash mid-archive without a second photo for any entry", async () => {
    // Prepare: S3 fails on the second image, after that image's item was written.
    const ownerId = owner("C");
    await putArchive(archiveKey(ownerId, BATCH), await receiptsArchive());
    const config = loadFanoutConfig();
    let uploadsStored = 0;
    const flakyS3 = new S3Client({ forcePathStyle: true });
    flakyS3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: string };
        if (args.input && "Body" in (args.input as object) && input.Key?.startsWith("uploads/")) {
          if (++uploadsStored === 2) throw new Error("the container died");
        }
        return next(args);
      },
      { step: "initialize", name: "dieOnSecondUpload" },
    );

    // Act 1: the first delivery dies
    await expect(
      fanOutArchive({ key: archiveKey(ownerId, BATCH), ownerId, batchId: BATCH }, config, {
        s3: flakyS3,
        dynamo: dynamoDocumentClient(),
      }),
    ).rejects.toThrow(TransientError);

    // Assess 1: one entry counted, the second one's item written but not its object
    const afterCrash = ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH));
    expect(afterCrash).toMatchObject({
      expected: 1,
      archive: { status: "PROCESSING", accepted: 1, nextEntry: 2 },
    });
    expect(await photoItems(ownerId)).toHaveLength(2);
    expect(await listUploads(ownerId)).toHaveLength(1);

    // Act 2: the message is redelivered
    const response = await invoke(archivesQueueEvent(archiveKey(ownerId, BATCH)));

    // Assess 2
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await photoItems(ownerId)).toHaveLength(3);
    expect(await listUploads(ownerId)).toHaveLength(3);
    expect(ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH))).toMatchObject({
      expected: 3,
      archive: { status: "COMPLETED", accepted: 3, refusedCount: 3, skipped: 1 },
    });
  });

  it("records an object that is no zip as FAILED, with its reason, and does not retry it", async () => {
    const ownerId = owner("D");
    await s3Client().send(
      new PutObjectCommand({
        Bucket: testEnvironment.UPLOADS_BUCKET,
        Key: archiveKey(ownerId, BATCH),
        Body: photo("coffee"),
      }),
    );

    const response = await invoke(archivesQueueEvent(archiveKey(ownerId, BATCH)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH))).toMatchObject({
      expected: 0,
      archive: { status: "FAILED", failureReason: expect.stringContaining("not a zip archive"), accepted: 0 },
    });
    expect(await photoItems(ownerId)).toEqual([]);
  });

  it("refuses the entries beyond MAX_ENTRIES with one listed refusal that counts them all", async () => {
    const ownerId = owner("E");
    await putArchive(archiveKey(ownerId, BATCH), await receiptsArchive());
    const config = loadFanoutConfig({ ...testEnvironment, MAX_ENTRIES: "3" });

    const outcome = await fanOutArchive(
      { key: archiveKey(ownerId, BATCH), ownerId, batchId: BATCH },
      config,
      {
        s3: s3Client(),
        dynamo: dynamoDocumentClient(),
      },
    );

    expect(outcome).toMatchObject({
      status: "COMPLETED",
      accepted: 2,
      skipped: 1,
      refusedCount: 4,
      nextEntry: 7,
    });
    expect(outcome?.refused).toEqual([
      {
        index: 3,
        name: "astronaut.jpg",
        code: "TOO_MANY_ENTRIES",
        reason: expect.stringContaining("only the first 3"),
      },
    ]);
  });

  it("skips a notification for an archive that is gone, recording why", async () => {
    const ownerId = owner("F");

    const response = await invoke(archivesQueueEvent(archiveKey(ownerId, BATCH)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await batchItem(ownerId, BATCH)).toMatchObject({
      archive: { status: "FAILED", failureReason: "the archive was no longer in the bucket" },
    });
  });

  it("reads a well-formed archive about once, and sends itself no continuation when one invocation does it all", async () => {
    const ownerId = owner("G");
    const zip = await receiptsArchive();
    await putArchive(archiveKey(ownerId, BATCH), zip);

    const { result: response, bytes } = await countRangedReads(() =>
      invoke(archivesQueueEvent(archiveKey(ownerId, BATCH))),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH)).archive).toMatchObject({
      status: "COMPLETED",
      accepted: 3,
    });
    // Each entry's bytes at most twice (the 64 KiB block read for a local header may overlap the
    // data read after it), plus the end record (64 KiB of possible comment) at each of the two
    // openings (layout, then entries).
    const images = Object.values(originals).reduce((sum, image) => sum + image.length, 0);
    expect(bytes).toBeGreaterThanOrEqual(images);
    expect(bytes).toBeLessThanOrEqual(2 * zip.length + 2 * (64 * 1024 + 42));
    expect(await takeArchivesQueueMessages()).toEqual([]);
  });

  it("refuses 100 entries sharing one deflate stream before reading any of them: FAILED with the reason, nothing written", async () => {
    // Prepare: about 300 KB that would read as 100 x 300 KB, each entry an acceptable image.
    const ownerId = owner("H");
    const zip = sharedStreamZip(100, fakeJpeg(300 * 1024));
    await putArchive(archiveKey(ownerId, BATCH), zip);

    // Act
    const { result: response, bytes } = await countRangedReads(() =>
      invoke(archivesQueueEvent(archiveKey(ownerId, BATCH))),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH))).toMatchObject({
      expected: 0,
      archive: {
        status: "FAILED",
        failureReason: expect.stringMatching(/^entries overlap: the archive is a zip bomb/),
        accepted: 0,
      },
    });
    expect(await photoItems(ownerId)).toEqual([]);
    expect(await listUploads(ownerId)).toEqual([]);
    // The end record and the central directory, not the shared stream (let alone 100 times).
    expect(bytes).toBeLessThan(100 * 1024);
    expect(zip.length).toBeGreaterThan(300 * 1024);
  });

  it("refuses an archive whose directory puts an entry past the central directory, before reading any entry", async () => {
    const ownerId = owner("I");
    const zip = await buildZip([
      { name: "coffee.jpg", bytes: photo("coffee") },
      { name: "chelsea.jpg", bytes: photo("chelsea") },
    ]);
    await putArchive(
      archiveKey(ownerId, BATCH),
      patchEntry(zip, "chelsea.jpg", { localHeaderOffset: zip.length - 30 }),
    );

    const response = await invoke(archivesQueueEvent(archiveKey(ownerId, BATCH)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ArchiveBatchItemSchema.parse(await batchItem(ownerId, BATCH)).archive).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringContaining("entry 1 runs past the central directory"),
    });
    expect(await photoItems(ownerId)).toEqual([]);
  });

  it("counts bytes read, inflated and written against MAX_ARCHIVE_WORK_BYTES, and refuses the rest once it is spent", async () => {
    // Prepare: four 400 KiB images; each costs about 1.2 MB of work (read, inflate, write).
    const ownerId = owner("J");
    const zip = await buildZip(
      [0, 1, 2, 3].map((seed) => ({ name: `page-${seed}.jpg`, bytes: fakeJpeg(400 * 1024, seed) })),
    );
    await putArchive(archiveKey(ownerId, BATCH), zip);
    const config = loadFanoutConfig({ ...testEnvironment, MAX_ARCHIVE_WORK_BYTES: String(2 * MiB) });

    // Act
    const outcome = await fanOutArchive(
      { key: archiveKey(ownerId, BATCH), ownerId, batchId: BATCH },
      config,
      {
        s3: s3Client(),
        dynamo: dynamoDocumentClient(),
      },
    );

    // Assess
    expect(outcome).toMatchObject({ status: "COMPLETED", accepted: 2, refusedCount: 2, nextEntry: 4 });
    expect(outcome?.workBytes).toBeGreaterThanOrEqual(2 * MiB);
    expect(outcome?.refused).toEqual([
      {
        index: 2,
        name: "page-2.jpg",
        code: "ARCHIVE_BUDGET_EXCEEDED",
        reason: expect.stringMatching(
          /has cost \d+ bytes; the limit is 2097152: this one and the 1 after it are refused$/,
        ),
      },
    ]);
    expect(await listUploads(ownerId)).toHaveLength(2);
  });
});
