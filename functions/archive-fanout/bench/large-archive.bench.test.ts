import { mkdir, writeFile } from "node:fs/promises";
import { dynamoDocumentClient, s3Client } from "@shoebox/runtime";
import { archiveKey } from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadFanoutConfig } from "../src/config.ts";
import { fanOutArchive } from "../src/fan-out-archive.ts";
import { testEnvironment } from "../tests/helpers/events.ts";
import { type LargeArchive, sampleMemory } from "../tests/helpers/large-archive.ts";
import { createResources, listUploads, stageLargeArchive } from "../tests/helpers/local-aws.ts";
import { MiB } from "../tests/helpers/zips.ts";

/*
 * A 200 MB archive (ten 20 MiB incompressible entries that start like JPEGs, deflated, and the
 * three real photos) fanned out through moto while this process's memory is sampled, with no
 * forced garbage collection: what a Lambda container would see. ARCHIVE_ENTRIES and
 * ENTRY_MIB change the size. Results go to bench/results/archive-fanout.json (not committed).
 */
const entries = Number(process.env.ARCHIVE_ENTRIES ?? 10);
const entryMiB = Number(process.env.ENTRY_MIB ?? 20);
const OWNER = "B".repeat(22);
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";
/** One invocation for the whole archive (no continuation), so memory is sampled over all of it. */
const wholeArchiveConfig = () =>
  loadFanoutConfig({
    ...process.env,
    INVOCATION_WORK_SECONDS: "3600",
    INVOCATION_WORK_BYTES: String(2 ** 40),
  });
const step = (message: string) => console.info(`archive-fanout bench: ${message}`);

let moto: MotoServer;
let staged: Awaited<ReturnType<typeof stageLargeArchive>> | undefined;
let archive: LargeArchive;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, testEnvironment);
  await createResources();
  staged = await stageLargeArchive(
    archiveKey(OWNER, BATCH),
    { fakeJpegs: entries, bytesEach: entryMiB * MiB },
    step,
  );
  archive = staged.archive;
});

afterAll(async () => {
  await moto?.stop();
  staged?.remove();
});

it("fans a 200 MB archive out with memory bounded by one entry, not by the archive", async () => {
  globalThis.gc?.();
  step("fanning out");
  const started = performance.now();
  const { result, memory } = await sampleMemory(() =>
    fanOutArchive({ key: archiveKey(OWNER, BATCH), ownerId: OWNER, batchId: BATCH }, wholeArchiveConfig(), {
      s3: s3Client(),
      dynamo: dynamoDocumentClient(),
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  expect(result).toMatchObject({ status: "COMPLETED", accepted: archive.images });
  expect(await listUploads(OWNER)).toHaveLength(archive.images);

  const figures = {
    archiveMiB: +(archive.bytes / MiB).toFixed(1),
    entries: archive.images,
    largestEntryMiB: entryMiB,
    seconds: +seconds.toFixed(1),
    rssBeforeMiB: +(memory.rssBefore / MiB).toFixed(1),
    rssPeakMiB: +(memory.rssPeak / MiB).toFixed(1),
    rssGrowthMiB: +(memory.rssGrowth / MiB).toFixed(1),
    heapUsedPeakMiB: +(memory.heapUsedPeak / MiB).toFixed(1),
    arrayBuffersPeakMiB: +(memory.arrayBuffersPeak / MiB).toFixed(1),
    samples: memory.samples,
  };
  const results = new URL("./results/", import.meta.url);
  await mkdir(results, { recursive: true });
  await writeFile(new URL("archive-fanout.json", results), `${JSON.stringify(figures, null, 2)}\n`);
  step(
    `${figures.archiveMiB} MiB archive, ${figures.entries} entries in ${figures.seconds} s: rss peak ${figures.rssPeakMiB} MiB ` +
      `(+${figures.rssGrowthMiB}), arrayBuffers peak ${figures.arrayBuffersPeakMiB} MiB, heapUsed peak ${figures.heapUsedPeakMiB} MiB`,
  );
  // Bounded by one entry plus what V8 has not collected yet, far below the archive.
  expect(memory.rssGrowth).toBeLessThan(150 * MiB);
  expect(memory.arrayBuffersPeak).toBeLessThan(archive.bytes / 2);
});
