import { ArchiveBatchItemSchema, archiveKey, PhotoItemSchema } from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archivesQueueEvent,
  archivesQueueEventOf,
  lambdaContext,
  testEnvironment,
} from "../helpers/events.ts";
import {
  batchItem,
  createResources,
  listUploads,
  photoItems,
  putArchive,
  readUpload,
  takeArchivesQueueMessages,
} from "../helpers/local-aws.ts";
import { buildZip, fakeJpeg, MiB } from "../helpers/zips.ts";

/*
 * An archive bigger than one invocation's share (INVOCATION_WORK_BYTES, 2 MiB here) through the
 * handler on moto (S3, DynamoDB, SQS): each invocation records its progress and sends itself a
 * continuation on the archives queue, which the next invocation receives as the event source
 * mapping would hand it over.
 */
let moto: MotoServer;
let handler: typeof import("../../src/handler.ts")["handler"];
const invoke = (event: SQSEvent) => handler(event, lambdaContext);

const OWNER = "K".repeat(22);
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";

/** Twelve 300 KiB images: each costs about 0.9 MiB of work (read, inflated, written). */
const pages = Array.from({ length: 12 }, (_, seed) => ({
  name: `scans/page-${String(seed).padStart(2, "0")}.jpg`,
  bytes: fakeJpeg(300 * 1024, seed),
}));

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, testEnvironment, {
    INVOCATION_WORK_BYTES: String(2 * MiB),
    CONTINUATION_DELAY_SECONDS: "0",
  });
  await createResources();
  ({ handler } = await import("../../src/handler.ts"));
});

afterAll(async () => {
  await moto?.stop();
});

describe("an archive larger than one invocation's share", () => {
  it("is fanned out over several invocations, each continuing where the last recorded, every entry once", async () => {
    // Prepare
    await putArchive(archiveKey(OWNER, BATCH), await buildZip(pages), {
      "correlation-id": "Hk3nXj1moAMEYxw=",
    });
    const cursors: number[] = [];
    const cursor = async () => ArchiveBatchItemSchema.parse(await batchItem(OWNER, BATCH)).archive.nextEntry;

    // Act: the upload's notification, then each continuation the function sent itself
    let response = await invoke(archivesQueueEvent(archiveKey(OWNER, BATCH)));
    for (;;) {
      expect(response).toEqual({ batchItemFailures: [] });
      cursors.push(await cursor());
      const continuations = await takeArchivesQueueMessages();
      if (continuations.length === 0) break;
      expect(continuations).toHaveLength(1);
      expect(continuations[0]?.MessageAttributes?.correlationId?.StringValue).toBe("Hk3nXj1moAMEYxw=");
      response = await invoke(archivesQueueEventOf(continuations));
    }

    // Assess: several invocations, each moving the cursor on, and one photo per entry
    expect(cursors.length).toBeGreaterThanOrEqual(4);
    expect(cursors.at(-1)).toBe(pages.length);
    for (let invocation = 1; invocation < cursors.length; invocation++) {
      expect(cursors[invocation]).toBeGreaterThan(cursors[invocation - 1] ?? 0);
    }
    const batch = ArchiveBatchItemSchema.parse(await batchItem(OWNER, BATCH));
    expect(batch).toMatchObject({
      expected: pages.length,
      archive: { status: "COMPLETED", entries: pages.length, accepted: pages.length, refusedCount: 0 },
    });
    const items = (await photoItems(OWNER)).map((item) => PhotoItemSchema.parse(item));
    expect(items.map((item) => item.originalName).sort()).toEqual(pages.map((page) => page.name.slice(6)));
    expect(await listUploads(OWNER)).toHaveLength(pages.length);
    for (const item of items) {
      const page = pages.find((candidate) => candidate.name.endsWith(`/${item.originalName}`));
      const upload = await readUpload(item.uploadKey);
      expect(upload.body.equals(page?.bytes ?? Buffer.alloc(0))).toBe(true);
      // The archive's correlation id, on every entry, as an upload carries its request's.
      expect(item.correlationId).toBe("Hk3nXj1moAMEYxw=");
      expect(upload.metadata).toEqual({ "correlation-id": "Hk3nXj1moAMEYxw=" });
    }
  });
});
