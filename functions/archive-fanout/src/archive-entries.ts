import { Readable } from "node:stream";
import type { AcceptedContentType, ArchiveRefusal } from "@shoebox/schemas";
import type { Entry, ZipFile } from "yauzl";
import type { EntryLimits } from "./config.ts";
import { type EntryBuffer, readEntryBytes } from "./entry-bytes.ts";
import { baseName, displayName, isArchiverMetadata, unsafeNameReason } from "./entry-names.ts";
import { headerRefusal, type Refusal } from "./entry-vetting.ts";
import { entryHeader, openEntryStream } from "./zip-archive.ts";

/** What one entry of an archive turned out to be. */
export type VettedEntry =
  /** `bytes` lives in the EntryBuffer: valid until it reads the next entry. */
  | { kind: "image"; originalName: string; contentType: AcceptedContentType; bytes: Buffer }
  | { kind: "skipped" }
  | { kind: "refused"; refusal: ArchiveRefusal; inflatedBytes: number };

/** Which entry this is, and where its data must end (ArchiveLayout.dataEnd). */
export interface EntryPlace {
  index: number;
  dataEnd: number;
}

/**
 * Decides about one entry and, if it is an image, reads it: safe directories and archiver
 * metadata are skipped; unsafe names, symlinks, encryption, unknown compression and sizes
 * beyond the limits are refused from the header, before a byte is read; the rest is inflated
 * up to its declared size and kept only if its magic bytes say image. `inflatedBytes` counts
 * what a refused entry cost against the archive's budget.
 *
 * @example
 * const vetted = await vetEntry(zipfile, entry, { index: 0, dataEnd: layout.dataEnd(0) }, limits, limits.maxArchiveUncompressedBytes, new EntryBuffer(limits.maxEntryBytes));
 */
export const vetEntry = async (
  zipfile: ZipFile,
  entry: Entry,
  { index, dataEnd }: EntryPlace,
  limits: EntryLimits,
  budgetLeft: number,
  buffer?: EntryBuffer,
): Promise<VettedEntry> => {
  const header = entryHeader(entry, index);
  const refuse = (refusal: Refusal, inflatedBytes = 0): VettedEntry => ({
    kind: "refused",
    refusal: { index, name: displayName(header.name), ...refusal },
    inflatedBytes,
  });
  if (!unsafeNameReason(header.name) && (header.kind === "directory" || isArchiverMetadata(header.name))) {
    return { kind: "skipped" };
  }
  const headerProblem = headerRefusal(header, limits, budgetLeft);
  if (headerProblem) return refuse(headerProblem);

  const stream = await openEntryStream(zipfile, entry, dataEnd);
  if (!(stream instanceof Readable)) return refuse(stream);
  const read = await readEntryBytes(stream, header.uncompressedSize, buffer);
  if (!read.accepted) return refuse(read.refusal, read.inflatedBytes);
  return {
    kind: "image",
    originalName: baseName(header.name),
    contentType: read.contentType,
    bytes: read.bytes,
  };
};
