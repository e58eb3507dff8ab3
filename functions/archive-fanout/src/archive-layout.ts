import type { Entry, ZipFile } from "yauzl";
import { ArchiveUnreadableError } from "./errors.ts";
import { asArchiveFailure, centralDirectoryStart } from "./zip-archive.ts";

/*
 * Where the entries of an archive lie, from its central directory alone, checked before a byte
 * of any entry is read. Every entry must have its own bytes: a zip whose directory points many
 * entries into one shared stream (the "better zip bomb", Fifield 2019) passes every per-entry
 * check, yet reading it fetches and inflates the same bytes once per entry.
 */

/** The fixed part of a local file header; the name and the extra field follow it. */
const LOCAL_HEADER_BYTES = 30;
/** The fixed part of a central directory record; name, extra field and comment follow it. */
const DIRECTORY_RECORD_BYTES = 46;

/**
 * Most central directory bytes the entries that are read may take: 8 KiB an entry at 2000
 * entries, where archivers write about 100. Without it, entries with 64 KiB names, extra fields
 * and comments would make every invocation read hundreds of MiB before its first entry.
 */
export const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** The bytes one entry claims, [start, end): its local header, then its data. */
export interface EntrySpan {
  index: number;
  start: number;
  /**
   * The local header is counted with the central directory's name length and no extra field:
   * the local extra field is known only once the header is read, so `ArchiveLayout.dataEnd`
   * holds the data to the bytes before the next entry when it is.
   */
  end: number;
}

/** What the layout allows each entry (by index): its data must end by `dataEnd(index)`. */
export interface ArchiveLayout {
  dataEnd(index: number): number;
}

const entrySpan = (entry: Entry, index: number): EntrySpan => {
  const start = entry.relativeOffsetOfLocalHeader;
  return { index, start, end: start + LOCAL_HEADER_BYTES + entry.fileNameLength + entry.compressedSize };
};

/**
 * Checks that the entries lie one after another, in the directory's order, each before the next
 * entry's local header and all before the central directory. Archivers write the directory in
 * file order; a directory that points backwards is a hand-made archive (the overlapping zip bomb
 * is built that way), refused before anything is read. Throws ArchiveUnreadableError naming the
 * first problem.
 *
 * @example
 * layoutOf([{ index: 0, start: 0, end: 500 }, { index: 1, start: 0, end: 500 }], 1000);
 * // throws "entries overlap: the archive is a zip bomb (entries 0 and 1 share bytes 0-499)"
 */
export const layoutOf = (spans: readonly EntrySpan[], directoryStart: number): ArchiveLayout => {
  const inFileOrder = [...spans].sort((a, b) => a.start - b.start || a.index - b.index);
  const dataEnds: number[] = [];
  inFileOrder.forEach((span, position) => {
    const previous = inFileOrder[position - 1];
    if (previous && previous.index > span.index) {
      throw new ArchiveUnreadableError(
        `entries out of order: entry ${span.index} comes before entry ${previous.index} in the directory but after it in the file; archivers write them in order, so the archive is refused`,
      );
    }
    if (span.end > directoryStart) {
      throw new ArchiveUnreadableError(
        `entry ${span.index} runs past the central directory: its data would end at byte ${span.end}, and the directory starts at ${directoryStart}`,
      );
    }
    const next = inFileOrder[position + 1];
    if (next && next.start < span.end) {
      throw new ArchiveUnreadableError(
        `entries overlap: the archive is a zip bomb (entries ${span.index} and ${next.index} share bytes ${next.start}-${Math.min(span.end, next.end) - 1})`,
      );
    }
    dataEnds[span.index] = next?.start ?? directoryStart;
  });
  return {
    dataEnd: (index) => {
      const end = dataEnds[index];
      if (end === undefined) throw new RangeError(`entry ${index} was not surveyed`);
      return end;
    },
  };
};

/**
 * Reads the central directory records of the first `count` entries of a freshly opened zip (it
 * consumes them: open another to read the entries) and checks where they lie (layoutOf).
 *
 * @example
 * const layout = await surveyLayout(await openArchive(reader), limits.maxEntries);
 */
export const surveyLayout = async (zipfile: ZipFile, count: number): Promise<ArchiveLayout> => {
  const directoryStart = centralDirectoryStart(zipfile);
  const spans: EntrySpan[] = [];
  let directoryBytes = 0;
  const entries = zipfile.eachEntry();
  try {
    for (let index = 0; index < count; index++) {
      const next = await entries.next().catch((error: unknown) => {
        throw asArchiveFailure(error, `the central directory is damaged at entry ${index}`);
      });
      if (next.done) break;
      const entry = next.value;
      directoryBytes +=
        DIRECTORY_RECORD_BYTES + entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength;
      if (directoryBytes > MAX_DIRECTORY_BYTES) {
        throw new ArchiveUnreadableError(
          `the central directory takes more than ${MAX_DIRECTORY_BYTES} bytes for its first ${index + 1} entries: names, extra fields or comments no archiver writes`,
        );
      }
      spans.push(entrySpan(entry, index));
    }
  } finally {
    await entries.return?.();
  }
  return layoutOf(spans, directoryStart);
};
