import { dynamoDocumentClient, s3Client } from "@shoebox/runtime";
import { archiveKey } from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFanoutConfig } from "../../src/config.ts";
import { fanOutArchive } from "../../src/fan-out-archive.ts";
import { testEnvironment } from "../helpers/events.ts";
import { type LargeArchive, sampleMemory } from "../helpers/large-archive.ts";
import { createResources, listUploads, stageLargeArchive } from "../helpers/local-aws.ts";
import { MiB } from "../helpers/zips.ts";

/*
 * An 80 MB archive (ten 8 MiB incompressible entries that start like JPEGs, and three real
 * photos), streamed through moto. bench/large-archive.bench.ts does the same with 200 MB.
 */
const OWNER = "M".repeat(22);
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";
/** One invocation for the whole archive (no continuation), so memory is sampled over all of it. */
const wholeArchiveConfig = () =>
  loadFanoutConfig({
    ...process.env,
    INVOCATION_WORK_SECONDS: "3600",
    INVOCATION_WORK_BYTES: String(2 ** 40),
  });

let moto: MotoServer;
let staged: Awaited<ReturnType<typeof stageLargeArchive>> | undefined;
let archive: LargeArchive;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, testEnvironment);
  await createResources();
  staged = await stageLargeArchive(archiveKey(OWNER, BATCH), { fakeJpegs: 10, bytesEach: 8 * MiB });
  archive = staged.archive;
});

afterAll(async () => {
  await moto?.stop();
  staged?.remove();
});

describe("memory while fanning out a large archive", () => {
  it("keeps one entry alive at a time, not the archive: 80 MB streamed with buffers under half its size", async () => {
    // Act: a garbage collection before every sample, so the peak is what the code keeps alive
    const { result, memory } = await sampleMemory(
      () =>
        fanOutArchive(
          { key: archiveKey(OWNER, BATCH), ownerId: OWNER, batchId: BATCH },
          wholeArchiveConfig(),
          {
            s3: s3Client(),
            dynamo: dynamoDocumentClient(),
          },
        ),
      { intervalMs: 200, collectGarbage: true },
    );

    // Assess
    expect(result).toMatchObject({ status: "COMPLETED", accepted: archive.images, refusedCount: 0 });
    expect(await listUploads(OWNER)).toHaveLength(archive.images);
    console.info(
      `archive ${(archive.bytes / MiB).toFixed(1)} MiB: arrayBuffers +${((memory.arrayBuffersPeak - memory.arrayBuffersBefore) / MiB).toFixed(1)} MiB, ` +
        `rss +${(memory.rssGrowth / MiB).toFixed(1)} MiB (peak ${(memory.rssPeak / MiB).toFixed(1)} MiB), ` +
        `heapUsed peak ${(memory.heapUsedPeak / MiB).toFixed(1)} MiB, ${memory.samples} samples`,
    );
    // Entry bytes live in Buffers: the one 8 MiB entry buffer, reused, and the bodies of the
    // S3 requests in flight (typically 10-25 MiB); half the archive would mean it is being held.
    // The margin is wide on purpose: a loaded CI machine collects garbage late.
    expect(memory.arrayBuffersPeak - memory.arrayBuffersBefore).toBeLessThan(archive.bytes / 2);
    expect(memory.rssGrowth).toBeLessThan(archive.bytes / 2);
  });
});
