import type { AcceptedContentType } from "@shoebox/schemas";

/** How many leading bytes `sniffImageType` needs to decide. */
export const SNIFF_BYTES = 32;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

/** ISO-BMFF `ftyp` box whose major or compatible brands name AVIF (`avif`, `avis`). */
const isAvif = (bytes: Uint8Array): boolean => {
  if (!startsWith(bytes, ascii("ftyp"), 4)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxEnd = Math.min(view.getUint32(0), bytes.length);
  for (let offset = 8; offset + 4 <= boxEnd; offset += 4) {
    // offset 12 is the minor version, not a brand
    if (
      offset !== 12 &&
      (startsWith(bytes, ascii("avif"), offset) || startsWith(bytes, ascii("avis"), offset))
    ) {
      return true;
    }
  }
  return false;
};

/**
 * The image type of some bytes by their magic numbers, never by a name: a `receipt.jpg` that
 * holds a PDF is not an image. Pass at least SNIFF_BYTES bytes (or the whole file if shorter).
 * HEIC is left out on purpose: the thumbnail function does not decode it.
 *
 * @example
 * sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])); // "image/jpeg"
 */
export const sniffImageType = (bytes: Uint8Array): AcceptedContentType | undefined => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
  if (
    [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
      [0x49, 0x49, 0x2b, 0x00],
      [0x4d, 0x4d, 0x00, 0x2b],
    ].some((signature) => startsWith(bytes, signature))
  ) {
    return "image/tiff";
  }
  if (isAvif(bytes)) return "image/avif";
  return undefined;
};
