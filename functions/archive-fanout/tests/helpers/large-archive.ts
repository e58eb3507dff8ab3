import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { photo } from "./zips.ts";

const JPEG_START = photo("coffee").subarray(0, 64);

/** Incompressible bytes that start like a JPEG: they pass the magic-byte check and are read whole. */
const fakeJpegStream = (bytes: number): Readable => {
  let left = bytes;
  let first = true;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const chunk = randomBytes(Math.min(left, 1024 * 1024));
      if (first) JPEG_START.copy(chunk);
      first = false;
      left -= chunk.length;
      this.push(chunk);
    },
  });
};

export interface LargeArchive {
  /** Entries that should be fanned out: the fake JPEGs, then the three real photos. */
  images: number;
  bytes: number;
}

/**
 * Writes an archive to disk, streaming (never whole in memory): `fakeJpegs` incompressible
 * entries of `bytesEach` (deflated at level 1, so reading them exercises inflate) and the three
 * real photos.
 *
 * @example
 * await writeLargeArchive("/tmp/big.zip", { fakeJpegs: 10, bytesEach: 20 * MiB });
 */
export const writeLargeArchive = async (
  path: string,
  options: { fakeJpegs: number; bytesEach: number },
): Promise<LargeArchive> => {
  const zip = new yazl.ZipFile();
  for (let index = 0; index < options.fakeJpegs; index++) {
    zip.addReadStreamLazy(
      `scans/page-${String(index).padStart(3, "0")}.jpg`,
      { compressionLevel: 1, size: options.bytesEach },
      (done) => done(null, fakeJpegStream(options.bytesEach)),
    );
  }
  for (const name of ["astronaut", "chelsea", "coffee"] as const) zip.addBuffer(photo(name), `${name}.jpg`);
  let bytes = 0;
  zip.outputStream.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return { images: options.fakeJpegs + 3, bytes };
};

export interface MemoryPeaks {
  rssBefore: number;
  rssPeak: number;
  /** Peak RSS above the level before the run. */
  rssGrowth: number;
  heapUsedPeak: number;
  /** Buffers live outside the heap: this is where entry bytes are. */
  arrayBuffersBefore: number;
  arrayBuffersPeak: number;
  samples: number;
}

export interface SampleOptions {
  intervalMs?: number;
  /**
   * Collect garbage before every sample (needs node --expose-gc): the peak is then what the
   * code keeps alive, independent of when V8 gets round to freeing network and inflate chunks.
   * Without it the peak is what a Lambda container would see.
   */
  collectGarbage?: boolean;
}

/**
 * Samples this process's memory every few milliseconds while `work` runs.
 *
 * @example
 * const { result, memory } = await sampleMemory(() => fanOutArchive(archive, config, deps));
 */
export const sampleMemory = async <T>(
  work: () => Promise<T>,
  options: SampleOptions = {},
): Promise<{ result: T; memory: MemoryPeaks }> => {
  const collect = options.collectGarbage ? globalThis.gc : undefined;
  if (options.collectGarbage && !collect) throw new Error("collectGarbage needs node --expose-gc");
  collect?.();
  const before = process.memoryUsage();
  const memory: MemoryPeaks = {
    rssBefore: before.rss,
    rssPeak: before.rss,
    rssGrowth: 0,
    heapUsedPeak: before.heapUsed,
    arrayBuffersBefore: before.arrayBuffers,
    arrayBuffersPeak: before.arrayBuffers,
    samples: 0,
  };
  const sample = () => {
    collect?.();
    const now = process.memoryUsage();
    memory.rssPeak = Math.max(memory.rssPeak, now.rss);
    memory.heapUsedPeak = Math.max(memory.heapUsedPeak, now.heapUsed);
    memory.arrayBuffersPeak = Math.max(memory.arrayBuffersPeak, now.arrayBuffers);
    memory.samples++;
  };
  const timer = setInterval(sample, options.intervalMs ?? 5);
  try {
    const result = await work();
    sample();
    memory.rssGrowth = memory.rssPeak - memory.rssBefore;
    return { result, memory };
  } finally {
    clearInterval(timer);
  }
};
