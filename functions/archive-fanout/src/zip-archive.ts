import type { Readable } from "node:stream";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isMissingObject, retryLater, TransientError, validCorrelationId } from "@shoebox/runtime";
import { CORRELATION_ID_METADATA_KEY } from "@shoebox/schemas";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { decodeEntryName, entryKind } from "./entry-names.ts";
import { DEFLATE, type EntryHeader, type Refusal } from "./entry-vetting.ts";
import { ArchiveUnreadableError } from "./errors.ts";
import type { ArchiveObject, S3RangeReader } from "./s3-range-reader.ts";

const ENCRYPTED_FLAG = 0x1;

/** The archive as HeadObject shows it: which version to read, and the upload's correlation id (its metadata). */
export interface ArchiveHead extends ArchiveObject {
  /** Absent on archives uploaded before correlation ids (and on a value that is not a valid one). */
  correlationId?: string;
}

/** The archive's size, ETag and correlation id, or undefined when it is no longer in the bucket. */
export const headArchive = async (
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ArchiveHead | undefined> => {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const correlationId = validCorrelationId(head.Metadata?.[CORRELATION_ID_METADATA_KEY]);
    return {
      bucket,
      key,
      etag: head.ETag ?? "",
      size: head.ContentLength ?? 0,
      ...(correlationId ? { correlationId } : {}),
    };
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
 * Opens a zip archive in S3 by its central directory, with the reader's ranged GETs. One reader
 * may open the archive more than once (its reads are counted together).
 */
export const openArchive = async (reader: S3RangeReader): Promise<ZipFile> => {
  try {
    return await yauzl.fromRandomAccessReaderPromise(reader, reader.archive.size, ZIP_OPTIONS);
  } catch (error) {
    throw asArchiveFailure(error, "the object is not a zip archive");
  }
};

/**
 * Opens the archive, lets `use` read it, and closes it again.
 *
 * @example
 * const layout = await withOpenArchive(reader, (zipfile) => surveyLayout(zipfile, 2000));
 */
export const withOpenArchive = async <T>(
  reader: S3RangeReader,
  use: (zipfile: ZipFile) => Promise<T>,
): Promise<T> => {
  const zipfile = await openArchive(reader);
  try {
    return await use(zipfile);
  } finally {
    zipfile.close();
  }
};

/**
 * Where the central directory starts. yauzl keeps it as its read cursor until the first entry
 * is read (its type definitions call that field a boolean; it is the offset).
 */
export const centralDirectoryStart = (zipfile: ZipFile): number => {
  if (zipfile.entriesRead !== 0)
    throw new Error("the central directory start is known only before entries are read");
  return zipfile.readEntryCursor as unknown as number;
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

/** yauzl's own openReadStreamLowLevelPromise calls the wrong method (3.4.0): this is the callback one, promised. */
const openDataStream = (zipfile: ZipFile, entry: Entry, fileDataStart: number): Promise<Readable> =>
  new Promise((resolve, reject) => {
    const { compressedSize, compressionMethod, uncompressedSize } = entry;
    zipfile.openReadStreamLowLevel(
      fileDataStart,
      compressedSize,
      0,
      compressedSize,
      compressionMethod === DEFLATE,
      uncompressedSize,
      (error, stream) => (error ? reject(error) : resolve(stream)),
    );
  });

/**
 * The entry's data, inflated, as a stream; or a refusal when its local header is damaged or
 * puts the data beyond `dataEnd`, into the next entry (see archive-layout.ts). Only for entries
 * whose header vetting allowed them (stored or deflate, not encrypted).
 */
export const openEntryStream = async (
  zipfile: ZipFile,
  entry: Entry,
  dataEnd: number,
): Promise<Readable | Refusal> => {
  let fileDataStart: number;
  try {
    ({ fileDataStart } = await zipfile.readLocalFileHeaderPromise(entry, { minimal: true }));
  } catch (error) {
    if (error instanceof TransientError || error instanceof ArchiveUnreadableError) throw error;
    return { code: "CORRUPT_ENTRY", reason: `its local header cannot be read (${describe(error)})` };
  }
  if (fileDataStart + entry.compressedSize > dataEnd) {
    return {
      code: "CORRUPT_ENTRY",
      reason: `its local header puts its data at bytes ${fileDataStart}-${fileDataStart + entry.compressedSize - 1}, into the bytes of the next entry (from ${dataEnd})`,
    };
  }
  return openDataStream(zipfile, entry, fileDataStart);
};
