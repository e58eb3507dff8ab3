import type { Readable } from "node:stream";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isMissingObject, retryLater, TransientError } from "@shoebox/runtime";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { decodeEntryName, entryKind } from "./entry-names.ts";
import type { EntryHeader, Refusal } from "./entry-vetting.ts";
import { ArchiveUnreadableError } from "./errors.ts";
import type { ArchiveObject } from "./s3-range-reader.ts";
import { S3RangeReader } from "./s3-range-reader.ts";

const ENCRYPTED_FLAG = 0x1;

/** The archive's size and ETag, or undefined when it is no longer in the bucket. */
export const headArchive = async (
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ArchiveObject | undefined> => {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { bucket, key, etag: head.ETag ?? "", size: head.ContentLength ?? 0 };
  } catch (error) {
    if (isMissingObject(error)) return undefined;
    return retryLater(`reading the size of s3://${bucket}/${key}`)(error);
  }
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Keeps S3 trouble as it is (retry, or archive replaced); anything else means a damaged archive. */
export const asArchiveFailure = (error: unknown, what: string): Error => {
  if (error instanceof TransientError || error instanceof ArchiveUnreadableError) return error;
  return new ArchiveUnreadableError(`${what} (${describe(error)})`, { cause: error });
};

/**
 * How yauzl reads: entry by entry on request; names undecoded, because yauzl would fail the
 * whole archive on one bad name (they are decoded and vetted per entry in entry-names.ts);
 * sizes unchecked, because yauzl would fail the whole archive on one stored entry whose sizes
 * disagree (readEntryBytes enforces them per entry).
 */
export const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: false,
} as const satisfies yauzl.Options;

/**
 * Opens a zip archive in S3 by its central directory, with ranged GETs (S3RangeReader). */
export const openArchive = async (s3: S3Client, archive: ArchiveObject): Promise<ZipFile> => {
  try {
    return await yauzl.fromRandomAccessReaderPromise(
      new S3RangeReader(s3, archive),
      archive.size,
      ZIP_OPTIONS,
    );
  } catch (error) {
    throw asArchiveFailure(error, "the object is not a zip archive");
  }
};

/** What the central directory says about one entry. */
export const entryHeader = (entry: Entry, index: number): EntryHeader => {
  const name = decodeEntryName(entry);
  return {
    index,
    name,
    kind: entryKind(entry, name),
    encrypted: (entry.generalPurposeBitFlag & ENCRYPTED_FLAG) !== 0,
    compressionMethod: entry.compressionMethod,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
  };
};

/** The entry's data, inflated, as a stream; or a refusal when its local header is damaged. */
export const openEntryStream = async (zipfile: ZipFile, entry: Entry): Promise<Readable | Refusal> => {
  try {
    return await zipfile.openReadStreamPromise(entry);
  } catch (error) {
    if (error instanceof TransientError || error instanceof ArchiveUnreadableError) throw error;
    return { code: "CORRUPT_ENTRY", reason: `its local header cannot be read (${describe(error)})` };
  }
};
