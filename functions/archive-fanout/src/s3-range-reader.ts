import { PassThrough, Readable } from "node:stream";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isMissingObject, isPreconditionFailed, TransientError } from "@shoebox/runtime";
import yauzl from "yauzl";
import { ArchiveUnreadableError } from "./errors.ts";

/** One version of one S3 object: every read is pinned to its ETag. */
export interface ArchiveObject {
  bucket: string;
  key: string;
  etag: string;
  size: number;
}

/** Reads up to this size are served from one cached block: headers and central directory. */
const DEFAULT_BLOCK_BYTES = 64 * 1024;

/**
 * yauzl's random-access reader over S3 ranged GETs, so an archive is never downloaded whole:
 * the central directory (at the end) is read first, then each entry's local header and data.
 *
 * yauzl reads headers a few bytes at a time (46 bytes, then the name, for every central
 * directory record); those small reads come from a cached 64 KiB block, one GET per block
 * instead of two per entry. Larger reads (entry data) are streamed straight from S3 with
 * backpressure, so memory does not grow with the archive or the entry.
 *
 * Every GET carries If-Match: an archive replaced while it is read fails as
 * ArchiveUnreadableError instead of mixing two archives. Other S3 failures are TransientError.
 *
 * @example
 * const zipfile = await yauzl.fromRandomAccessReaderPromise(new S3RangeReader(s3, archive), archive.size, options);
 */
export class S3RangeReader extends yauzl.RandomAccessReader {
  private block: { start: number; bytes: Buffer } | undefined;
  /** Ranged GETs sent so far; the tests read it. */
  requests = 0;
  /** Bytes that arrived from S3 so far: what the archive's work budget counts as read. */
  fetchedBytes = 0;

  private readonly s3: S3Client;
  readonly archive: ArchiveObject;
  private readonly blockBytes: number;

  constructor(s3: S3Client, archive: ArchiveObject, blockBytes = DEFAULT_BLOCK_BYTES) {
    super();
    this.s3 = s3;
    this.archive = archive;
    this.blockBytes = blockBytes;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (end - start <= this.blockBytes) {
      const small = new PassThrough();
      this.cachedRange(start, end).then(
        (bytes) => small.end(bytes),
        (error: unknown) => small.destroy(error as Error),
      );
      return small;
    }
    const large = new PassThrough();
    this.get(start, end).then(
      (body) => {
        body.on("error", (error) => large.destroy(this.failure(error, start, end)));
        if (large.destroyed) return void body.destroy();
        // yauzl destroys its stream when an entry is abandoned: stop the download with it.
        large.once("close", () => body.destroy());
        body.on("data", (chunk: Buffer) => {
          this.fetchedBytes += chunk.length;
        });
        body.pipe(large);
      },
      (error: unknown) => large.destroy(error as Error),
    );
    return large;
  }

  private async cachedRange(start: number, end: number): Promise<Buffer> {
    const cached = this.block;
    if (cached && start >= cached.start && end <= cached.start + cached.bytes.length) {
      return cached.bytes.subarray(start - cached.start, end - cached.start);
    }
    const blockEnd = Math.min(this.archive.size, Math.max(end, start + this.blockBytes));
    const body = await this.get(start, blockEnd);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) {
        chunks.push(chunk as Buffer);
        this.fetchedBytes += (chunk as Buffer).length;
      }
    } catch (error) {
      throw this.failure(error, start, blockEnd);
    }
    this.block = { start, bytes: Buffer.concat(chunks) };
    return this.block.bytes.subarray(0, end - start);
  }

  private async get(start: number, end: number): Promise<Readable> {
    this.requests++;
    const { bucket, key, etag } = this.archive;
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag, Range: `bytes=${start}-${end - 1}` }),
      );
      if (!(response.Body instanceof Readable)) throw new Error("the S3 response has no readable body");
      return response.Body;
    } catch (error) {
      throw this.failure(error, start, end);
    }
  }

  private failure(error: unknown, start: number, end: number): Error {
    const { bucket, key } = this.archive;
    if (isMissingObject(error) || isPreconditionFailed(error)) {
      return new ArchiveUnreadableError("the archive was deleted or replaced while it was read", {
        cause: error,
      });
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new TransientError(
      `reading bytes ${start}-${end - 1} of s3://${bucket}/${key} failed (${reason})`,
      {
        cause: error,
      },
    );
  }
}
