import { ACCEPTED_TYPES, type AcceptedContentType } from "./image-types.ts";

/**
 * How many leading bytes `sniffContentType` needs to decide: an iPhone HEIC's `ftyp` box, whose
 * brands tell HEIC from AVIF, is 44 bytes.
 */
export const CONTENT_SNIFF_BYTES = 64;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

/** The major brand, then the compatible ones, of a leading ISO-BMFF `ftyp` box; none without one. */
const ftypBrands = (bytes: Uint8Array): string[] => {
  if (bytes.length < 12 || !startsWith(bytes, ascii("ftyp"), 4)) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxEnd = Math.min(view.getUint32(0), bytes.length);
  const brand = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  const brands = [brand(8)];
  // offset 12 is the minor version, not a brand
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) brands.push(brand(offset));
  return brands;
};

/** HEVC-coded HEIF (what iPhones write); AV1-coded (AVIF); any codec (the generic mif1/msf1). */
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]);
const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIF_BRANDS = new Set(["mif1", "msf1"]);

/**
 * Which HEIF an `ftyp` box announces: its major brand first, then its compatible ones (an AVIF
 * names mif1 too, an iPhone HEIC names mif1 and heic).
 */
const heifFlavour = (bytes: Uint8Array): "avif" | "heic" | "heif" | undefined => {
  const brands = ftypBrands(bytes);
  const [major = ""] = brands;
  if (HEIC_BRANDS.has(major)) return "heic";
  if (AVIF_BRANDS.has(major) || brands.some((brand) => AVIF_BRANDS.has(brand))) return "avif";
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return "heic";
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return "heif";
  return undefined;
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
 * ACCEPTED_TYPES does not compile here until its magic numbers are known.
 */
const MAGIC_NUMBERS: Record<AcceptedContentType, (bytes: Uint8Array) => boolean> = {
  "image/jpeg": (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  "image/png": (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/webp": (bytes) => startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8),
  "image/gif": (bytes) => startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a")),
  "image/tiff": (bytes) => TIFF_SIGNATURES.some((signature) => startsWith(bytes, signature)),
  "image/avif": (bytes) => heifFlavour(bytes) === "avif",
  "image/heic": (bytes) => heifFlavour(bytes) === "heic",
  "image/heif": (bytes) => heifFlavour(bytes) === "heif",
  "application/pdf": (bytes) => startsWith(bytes, ascii("%PDF-")),
};

/**
 * The accepted type of some bytes by their magic numbers, never by a name or a declared type:
 * a `receipt.jpg` that holds a PDF is a PDF. Every accepted type counts (ACCEPTED_TYPES: the
 * images, HEIC among them, and PDF); SVG does not. The archive fan-out keeps an entry by it, and
 * the decoders (@shoebox/document-decoding) check what they are given by it. Pass at least
 * CONTENT_SNIFF_BYTES bytes (or the whole file if shorter).
 *
 * @example
 * sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])); // "image/jpeg"
 */
export const sniffContentType = (bytes: Uint8Array): AcceptedContentType | undefined =>
  ACCEPTED_TYPES.find(({ contentType }) => MAGIC_NUMBERS[contentType](bytes))?.contentType;
