import type { ArchiveRefusalCode } from "@shoebox/schemas";
import type { EntryLimits } from "./config.ts";
import type { EntryKind } from "./entry-names.ts";
import { unsafeNameReason } from "./entry-names.ts";

/** What the central directory says about an entry: all of it may lie except the compressed size. */
export interface EntryHeader {
  index: number;
  /** The decoded name, backslashes kept. */
  name: string;
  kind: EntryKind;
  encrypted: boolean;
  compressionMethod: number;
  compressedSize: number;
  /** Declared; the reader enforces it on the bytes actually inflated. */
  uncompressedSize: number;
}

export interface Refusal {
  code: ArchiveRefusalCode;
  reason: string;
}

export const STORED = 0;
export const DEFLATE = 8;

/**
 * The most compressed bytes an entry of `declared` bytes can need: deflate's worst case is 9
 * bits a byte (fixed Huffman literals, which a careless deflater may use on incompressible
 * data), plus block headers. Beyond it the entry would make us fetch bytes that inflate to
 * nothing (deflate can hold any number of empty blocks).
 */
const maxCompressedBytes = (declared: number): number => declared + Math.ceil(declared / 8) + 1024;

/**
 * Why an entry is refused from its header alone, before a byte of it is read, or undefined
 * when it may be read. `budgetLeft` is what the archive may still inflate. What reading an
 * entry costs is bounded by its header: its declared size inflated, and at most
 * maxCompressedBytes of it fetched.
 *
 * The declared size passes only if it fits every limit (entry, ratio, budget); the reader then
 * stops the entry's stream at the first byte beyond it. So every limit holds for the bytes
 * actually inflated, whatever the header claims.
 *
 * @example
 * headerRefusal({ ...header, compressedSize: 20_000, uncompressedSize: 20_000_000 }, limits, budget);
 * // { code: "ZIP_BOMB", reason: "it would inflate 1000 times its compressed size; …" }
 */
export const headerRefusal = (
  header: EntryHeader,
  limits: EntryLimits,
  budgetLeft: number,
): Refusal | undefined => {
  const unsafe = unsafeNameReason(header.name);
  if (unsafe) return { code: "UNSAFE_NAME", reason: unsafe };
  if (header.kind === "symlink") return { code: "SYMLINK", reason: "the entry is a symbolic link" };
  if (header.encrypted) return { code: "ENCRYPTED", reason: "the entry is encrypted" };
  if (header.compressionMethod !== STORED && header.compressionMethod !== DEFLATE) {
    return {
      code: "UNSUPPORTED_COMPRESSION",
      reason: `compression method ${header.compressionMethod} is not supported; only stored and deflate are`,
    };
  }
  const declared = header.uncompressedSize;
  if (declared > limits.ratioFloorBytes && declared > limits.maxCompressionRatio * header.compressedSize) {
    const ratio = header.compressedSize > 0 ? Math.round(declared / header.compressedSize) : Infinity;
    return {
      code: "ZIP_BOMB",
      reason: `it would inflate ${ratio} times its compressed size; no image compresses more than ${limits.maxCompressionRatio}:1`,
    };
  }
  if (declared > limits.maxEntryBytes) {
    return { code: "TOO_LARGE", reason: `it holds ${declared} bytes; the limit is ${limits.maxEntryBytes}` };
  }
  if (declared > budgetLeft) {
    return {
      code: "ARCHIVE_BUDGET_EXCEEDED",
      reason: `it holds ${declared} bytes, and the archive may inflate only ${budgetLeft} more (of ${limits.maxArchiveUncompressedBytes})`,
    };
  }
  if (declared === 0) return { code: "EMPTY_FILE", reason: "the entry has no bytes" };
  if (header.compressedSize > maxCompressedBytes(declared)) {
    return {
      code: "SIZE_MISMATCH",
      reason: `its ${header.compressedSize} compressed bytes are more than any compression of its ${declared} declared bytes needs`,
    };
  }
  return undefined;
};
