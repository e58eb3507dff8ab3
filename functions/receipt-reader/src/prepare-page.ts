import { ReceiptUnreadableError } from "@shoebox/receipt-reading";
import { ACCEPTED_TYPES } from "@shoebox/schemas";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { type DocumentKind, documentKindOfFormat, notReadable, type RawLayout } from "./document-pages.ts";

// Every receipt is a different image: libvips' operation cache would only hold memory.
sharp.cache(false);

/*
 * How large a page is handed to tesseract. Its LSTM model reads best with letters some 20-40 px
 * high; a receipt's print is small against the photo, so these bounds are about the page, and
 * were measured (PSM 6, best_int):
 * - upscaling towards a 1600 px long side: of the 30 phone photos of bench/receipt-reading.mjs's
 *   corpus, all four fields were read right on 60%, against 47% unscaled (1200 px), 57% at
 *   2000 px and 50% at 2400 px, for 0.72 s a receipt instead of 0.56 s (median, one core). A
 *   240 px wide slip (letters 8 px high) read 21% of its characters wrong unscaled, 2% at 3x;
 *   beyond 3x interpolation adds no detail.
 * - the cap is on pixels, not on the long side alone: a long till roll (1000 x 4142, 72 lines)
 *   shrunk to a 2500 px long side read 1.9% of its characters wrong, at its own size (within
 *   5 Mpx) 0.3%. 5 Mpx also bounds the engine's memory: a 12 Mpx phone photo becomes about
 *   1940 x 2580.
 */
export const OCR_MAX_PIXELS = 5_000_000;
export const OCR_MAX_LONG_SIDE = 5000;
export const OCR_MIN_LONG_SIDE = 1600;
export const OCR_MAX_UPSCALE = 3;

export interface PageSize {
  width: number;
  height: number;
}

/**
 * The size a page (already upright) is OCR'd at: small images are enlarged up to 3x towards a
 * 1600 px long side, large ones shrunk to at most 5 Mpx and a 5000 px long side; the aspect
 * ratio is kept.
 *
 * @example
 * ocrSizeOf({ width: 600, height: 800 });   // { width: 1200, height: 1600, scale: 2 }
 * ocrSizeOf({ width: 3000, height: 4000 }); // { width: 1936, height: 2581, scale: 0.645... }
 */
export const ocrSizeOf = ({ width, height }: PageSize): PageSize & { scale: number } => {
  const longSide = Math.max(width, height);
  const upscale = longSide < OCR_MIN_LONG_SIDE ? Math.min(OCR_MAX_UPSCALE, OCR_MIN_LONG_SIDE / longSide) : 1;
  const scale = Math.min(upscale, OCR_MAX_LONG_SIDE / longSide, Math.sqrt(OCR_MAX_PIXELS / (width * height)));
  // Rounded down (within the caps), but not below a whole pixel that floating point missed.
  const side = (length: number) => Math.max(1, Math.floor(length * scale + 1e-9));
  return { width: side(width), height: side(height), scale };
};

/** The image a page became for tesseract: a grayscale PNG, and its size before and after. */
export interface PreparedPage {
  png: Buffer;
  source: PageSize;
  ocr: PageSize;
  scale: number;
}

export interface PrepareLimits {
  /** Refuse, from the header and before decoding, anything with more pixels than this. */
  maxInputPixels: number;
}

/**
 * The kind of document sharp found in the bytes, whatever the upload declared: sharp names AVIF
 * and HEIC both `heif`, told apart by codec. Undefined for a format shoebox does not take (SVG).
 */
const kindOfDecoded = (metadata: Pick<Metadata, "format" | "compression">): DocumentKind | undefined => {
  const format =
    metadata.format === "heif" ? (metadata.compression === "av1" ? "avif" : "heic") : metadata.format;
  const accepted = ACCEPTED_TYPES.find((type) => type.sharpFormat === format);
  return accepted && documentKindOfFormat(accepted.sharpFormat);
};

/**
 * A sharp failure on the receipt's bytes as the reason it cannot be read: ours, for the
 * uploader; libvips' own message stays on the cause, for the log.
 */
const unreadableBecause = (error: unknown): unknown => {
  const message = error instanceof Error ? error.message : String(error);
  // Running out of memory says nothing about the receipt: let the task be retried.
  if (/out of memory/i.test(message)) return error;
  if (/unsupported image format/i.test(message)) {
    return new ReceiptUnreadableError(
      "the receipt's file is not an image; upload a photo of the receipt (JPEG or PNG)",
      { cause: error },
    );
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new ReceiptUnreadableError(
      "the receipt's image has more pixels than a receipt photo may have; upload it at a lower resolution",
      { cause: error },
    );
  }
  return new ReceiptUnreadableError(
    "the receipt's image is damaged or incomplete and could not be read; upload the original photo again",
    { cause: error },
  );
};

/**
 * Turns one page image into what tesseract reads best: decoded within the pixel limit, turned
 * upright (EXIF orientation), transparency flattened onto white paper, grayscale, contrast
 * stretched (a faded thermal print or a photo in dim light becomes black on white), and scaled
 * by `ocrSizeOf`. Pure: bytes in, bytes out. `raw` describes `image` when it is raw pixels.
 *
 * Throws ReceiptUnreadable for an empty file, bytes that are no image, an image type shoebox
 * does not take (SVG) or sharp cannot decode (HEVC: documentPagesOf decodes HEIC first), too
 * many pixels, or a damaged file.
 *
 * @example
 * const { png, ocr } = await preparePage({ image: jpegBytes }, { maxInputPixels: 50_000_000 });
 */
export const preparePage = async (
  { image: bytes, raw }: { image: Uint8Array; raw?: RawLayout },
  limits: PrepareLimits,
): Promise<PreparedPage> => {
  if (bytes.byteLength === 0) {
    throw new ReceiptUnreadableError("the receipt's file is empty; upload the photo again");
  }
  const decoderOptions: SharpOptions = {
    ...(raw ? { raw } : {}),
    // libvips checks this against the header, before it allocates a single pixel buffer.
    limitInputPixels: limits.maxInputPixels,
    // "error" stops on corrupt or truncated data but tolerates the harmless warnings many
    // camera JPEGs carry ("warning" would refuse those).
    failOn: "error",
    // Animated GIF and WebP, multi-page TIFF: the first frame or page only.
    pages: 1,
  };
  const metadata = await sharp(bytes, decoderOptions)
    .metadata()
    .catch((error: unknown) => {
      throw unreadableBecause(error);
    });
  const kind = raw ? "image" : kindOfDecoded(metadata);
  if (kind !== "image") throw notReadable(kind, `the receipt's file (${metadata.format})`);
  const source = { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
  const { scale, ...ocr } = ocrSizeOf(source);
  const png = await sharp(bytes, decoderOptions)
    .autoOrient()
    .flatten({ background: "#ffffff" })
    .grayscale()
    .normalise()
    // One grey channel: grayscale() alone still writes three identical ones.
    .toColourspace("b-w")
    .resize({ ...ocr, fit: "fill" })
    // Fast to write, and tesseract reads it in a moment: this PNG only crosses to the engine's thread.
    .png({ compressionLevel: 1 })
    .toBuffer()
    .catch((error: unknown) => {
      throw unreadableBecause(error);
    });
  return { png, source, ocr, scale };
};
