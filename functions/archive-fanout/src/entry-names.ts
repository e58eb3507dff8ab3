import type { Entry } from "yauzl";
import yauzl from "yauzl";

/** What an entry is, from its name and external attributes. */
export type EntryKind = "file" | "directory" | "symlink";

const MAX_NAME_LENGTH = 255;
/** C0 and C1 control characters, DEL included. */
const isControl = (character: string): boolean => {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const MSDOS_DIRECTORY = 0x10;

/**
 * The entry's name as its archiver meant it: UTF-8 when flagged (or from the Info-ZIP Unicode
 * path field), CP437 otherwise. Backslashes are kept, so that `..\x` and `C:\x` are seen as
 * what Windows would make of them.
 */
export const decodeEntryName = (entry: Entry): string =>
  yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);

/** Directories by a trailing slash or their attributes, symlinks by their Unix mode. */
export const entryKind = (
  entry: Pick<Entry, "versionMadeBy" | "externalFileAttributes">,
  name: string,
): EntryKind => {
  const unixMode = entry.versionMadeBy >> 8 === UNIX_HOST ? entry.externalFileAttributes >>> 16 : 0;
  if ((unixMode & S_IFMT) === S_IFLNK) return "symlink";
  if (
    /[\\/]$/.test(name) ||
    (unixMode & S_IFMT) === S_IFDIR ||
    entry.externalFileAttributes & MSDOS_DIRECTORY
  ) {
    return "directory";
  }
  return "file";
};

/**
 * Why a name is unsafe to extract, or undefined. The fan-out never writes under an entry's
 * name (keys are uploads/{ownerId}/{photoId}), but an archive that tries `../` or an absolute
 * path is hostile or broken, and its names end up in photo items as originalName.
 *
 * @example
 * unsafeNameReason("../evil.jpg"); // "the name climbs out of the archive with \"..\""
 */
export const unsafeNameReason = (name: string): string | undefined => {
  if (name.length === 0) return "the entry has no name";
  if ([...name].some(isControl)) return "the name holds control characters";
  if (/^[\\/]/.test(name)) return "the name is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "the name starts with a drive letter";
  if (name.split(/[\\/]/).includes("..")) return 'the name climbs out of the archive with ".."';
  return undefined;
};

/** A name fit to show and store: Unicode NFC, control characters as `?`, at most 255 characters. */
export const displayName = (name: string): string =>
  [...name.normalize("NFC")]
    .map((character) => (isControl(character) ? "?" : character))
    .slice(0, MAX_NAME_LENGTH)
    .join("");

/** The last segment of a name, for `originalName`: `scans/2024/receipt.jpg` -> `receipt.jpg`. */
export const baseName = (name: string): string => displayName(name.split(/[\\/]/).at(-1) ?? "");

/**
 * macOS writes `__MACOSX/._name` (AppleDouble metadata) next to every file it zips, and
 * Finder's `.DS_Store`: noise, not refusals worth listing.
 */
export const isArchiverMetadata = (name: string): boolean =>
  /^__MACOSX[\\/]/.test(name) || baseName(name) === ".DS_Store";
