import { type AcceptedContentType, IMAGE_TYPES } from "@shoebox/schemas";

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

/** Classic TIFF (42) and BigTIFF (43), little- and big-endian. */
const TIFF_SIGNATURES = [
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
  [0x49, 0x49, 0x2b, 0x00],
  [0x4d, 0x4d, 0x00, 0x2b],
];

/**
 * How each accepted type starts. Keyed by every AcceptedContentType, so a type added to
 * IMAGE_TYPES does not compile here until its magic numbers are known.
 */
const MAGIC_NUMBERS: Record<AcceptedContentType, (bytes: Uint8Array) => boolean> = {
  "image/jpeg": (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  "image/png": (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/webp": (bytes) => startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8),
  "image/gif": (bytes) => startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a")),
  "image/tiff": (bytes) => TIFF_SIGNATURES.some((signature) => startsWith(bytes, signature)),
  "image/avif": isAvif,
};

/**
 * The image type of some bytes by their magic numbers, never by a name: a `receipt.jpg` that
 * holds a PDF is not an image. Pass at least SNIFF_BYTES bytes (or the whole file if shorter).
 * Only IMAGE_TYPES are known, so HEIC and SVG are not images here.
 *
 * @example
 * sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])); // "image/jpeg"
 */
export const sniffImageType = (bytes: Uint8Array): AcceptedContentType | undefined =>
  IMAGE_TYPES.find(({ contentType }) => MAGIC_NUMBERS[contentType](bytes))?.contentType;
