import { DocumentRefusedError, decodeHeic, sniffDocumentType } from "@shoebox/document-decoding";
import { ReceiptUnreadableError } from "@shoebox/receipt-reading";
import sharp, { type Sharp } from "sharp";

// Every receipt is a different image: libvips' operation cache would only hold memory.
sharp.cache(false);

/** What decoding one original may cost: refused, from its header, before a pixel is decoded. */
export interface DecodeLimits {
  /** Width x height of the image, at most (MAX_INPUT_PIXELS). */
  maxInputPixels: number;
  /** Memory decoding one HEIC photo may take (MAX_DECODE_BYTES). */
  maxDecodeBytes: number;
}

/**
 * The most bytes synchronous AnalyzeExpense takes as `Document.Bytes` ("5 MB"; read as decimal
 * megabytes, the smaller reading, so no JPEG at the edge is refused by Textract).
 */
export const TEXTRACT_MAX_DOCUMENT_BYTES = 5_000_000;

/** Textract reads text a few pixels tall; past 4096 px on the long side a receipt only gains bytes. */
export const MAX_LONG_SIDE = 4096;

const FIRST_QUALITY = 90;
const LAST_QUALITY = 70;
/** Below this a receipt's small print is lost: refuse rather than send what cannot be read. */
const MIN_LONG_SIDE = 1000;

/** The decoded pixels of an original, upright, no larger than MAX_LONG_SIDE, on white. */
interface UprightPixels {
  data: Buffer;
  raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

const asPixels = async (pipeline: Sharp): Promise<UprightPixels> => {
  const { data, info } = await pipeline
    .resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: "inside", withoutEnlargement: true })
    // JPEG has no alpha; a transparent background would become black, and so would dark ink on it.
    .flatten({ background: "#ffffff" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, raw: { width: info.width, height: info.height, channels: info.channels } };
};

/**
 * A sharp failure on the original as the reason it cannot be read. Running out of memory says
 * nothing about the image and passes unchanged, to be retried.
 */
const asUnreadable = (error: unknown): unknown => {
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory/i.test(message)) return error;
  if (/exceeds pixel limit/i.test(message)) {
    return new ReceiptUnreadableError(
      "the receipt's image has more pixels than this reader decodes; upload a smaller photo of it",
      { cause: error },
    );
  }
  if (/unsupported image format/i.test(message)) {
    return new ReceiptUnreadableError("the receipt's file is not an image this reader decodes", {
      cause: error,
    });
  }
  return new ReceiptUnreadableError(
    "the receipt's image is damaged or incomplete and could not be read; upload the original file again",
    { cause: error },
  );
};

/**
 * HEIC and HEIF by libheif (the prebuilt libvips has no HEVC decoder), already upright; the rest
 * by sharp, first frame or page only, oriented by its EXIF.
 */
const decodeUpright = async (original: Uint8Array, limits: DecodeLimits): Promise<UprightPixels> => {
  const format = sniffDocumentType(original);
  if (format === "pdf") {
    throw new ReceiptUnreadableError(
      "the receipt's file is a PDF though it was uploaded as an image; upload it as a PDF",
    );
  }
  if (format === "heic" || format === "heif") {
    const heic = await decodeHeic(original, {
      maxPixels: limits.maxInputPixels,
      maxDecodeBytes: limits.maxDecodeBytes,
    }).catch((error: unknown) => {
      // The package's reasons are written for the uploader: kept as they are.
      throw error instanceof DocumentRefusedError
        ? new ReceiptUnreadableError(error.message, { cause: error })
        : error;
    });
    return asPixels(sharp(heic.data, { raw: heic.raw }));
  }
  return asPixels(
    sharp(original, {
      // libvips checks this against the header, before it allocates a pixel buffer.
      limitInputPixels: limits.maxInputPixels,
      failOn: "error",
      pages: 1,
    }).autoOrient(),
  ).catch((error: unknown) => {
    throw asUnreadable(error);
  });
};

/**
 * Converts an original Textract cannot read (HEIC, HEIF, WebP, GIF, AVIF) into a JPEG that
 * synchronous AnalyzeExpense takes as bytes: upright, at most MAX_LONG_SIDE px on the long
 * side, at most TEXTRACT_MAX_DOCUMENT_BYTES. Quality 90 first; a JPEG still too large is
 * encoded again at lower quality (down to 70), then smaller (three quarters each time), from
 * the pixels decoded once.
 *
 * Throws ReceiptUnreadable for what cannot be decoded (damaged, not an image, over
 * `maxInputPixels`, a HEIC over `maxDecodeBytes`), with the reason.
 *
 * @example
 * const jpeg = await toTextractJpeg(heicBytes, { maxInputPixels: 50e6, maxDecodeBytes: 512 << 20 });
 */
export const toTextractJpeg = async (original: Uint8Array, limits: DecodeLimits): Promise<Uint8Array> => {
  const pixels = await decodeUpright(original, limits);
  let longSide = Math.max(pixels.raw.width, pixels.raw.height);
  let quality = FIRST_QUALITY;
  for (;;) {
    const jpeg = await sharp(pixels.data, { raw: pixels.raw })
      .resize({ width: longSide, height: longSide, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality, mozjpeg: false })
      .toBuffer();
    if (jpeg.byteLength <= TEXTRACT_MAX_DOCUMENT_BYTES) return jpeg;
    if (quality > LAST_QUALITY) {
      quality -= 10;
      continue;
    }
    longSide = Math.round(longSide * 0.75);
    if (longSide < MIN_LONG_SIDE) {
      throw new ReceiptUnreadableError(
        "the receipt's image does not fit in what Textract reads, even made smaller; upload a JPEG of it",
      );
    }
  }
};
