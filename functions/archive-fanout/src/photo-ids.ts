import { createHash } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const INDEX_DIGITS = 4;
const TAG_DIGITS = 12;

/** Four base32 digits hold the entry index. */
export const MAX_ENTRY_INDEX = 32 ** INDEX_DIGITS - 1;

const base32Digits = (value: number, digits: number): string => {
  let text = "";
  for (let rest = value, left = digits; left > 0; left--, rest = Math.floor(rest / 32)) {
    text = CROCKFORD.charAt(rest % 32) + text;
  }
  return text;
};

/** The first `digits` base32 digits (5 bits each) of a digest. */
const digestDigits = (digest: Buffer, digits: number): string => {
  let text = "";
  for (let digit = 0; digit < digits; digit++) {
    const bit = digit * 5;
    const pair = ((digest[bit >> 3] ?? 0) << 8) | (digest[(bit >> 3) + 1] ?? 0);
    text += CROCKFORD.charAt((pair >> (11 - (bit & 7))) & 31);
  }
  return text;
};

/**
 * The photo id of an archive's entry: the same for the same entry on every delivery, so a
 * replayed or resumed archive finds the photos it already made instead of making new ones.
 *
 * It is ULID-shaped (what PhotoIdSchema accepts): the batch id's 10 time digits (photos sort
 * with their batch, newest first), the entry index in 4 digits (an archive lists in its own
 * order), then 12 digits (60 bits) of a hash of owner and batch, which keeps two batches
 * created in the same millisecond apart. Random ULIDs share a time prefix with it only in the
 * batch's millisecond, and then differ in 80 random bits.
 *
 * @example
 * archiveEntryPhotoId("Zk3vQ9x_T2mB-8pLwYc1Ra", "01JDQ7Z8K4M2N5P6Q7R8S9T0VW", 3);
 * // "01JDQ7Z8K40003…" (26 characters)
 */
export const archiveEntryPhotoId = (ownerId: string, batchId: string, entryIndex: number): string => {
  if (!Number.isInteger(entryIndex) || entryIndex < 0 || entryIndex > MAX_ENTRY_INDEX) {
    throw new RangeError(`entry index ${entryIndex} is outside 0..${MAX_ENTRY_INDEX}`);
  }
  const batchTag = createHash("sha256").update(`archive\n${ownerId}\n${batchId}`).digest();
  return `${batchId.slice(0, 10)}${base32Digits(entryIndex, INDEX_DIGITS)}${digestDigits(batchTag, TAG_DIGITS)}`;
};
