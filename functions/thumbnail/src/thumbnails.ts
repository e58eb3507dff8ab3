import {
  type DocumentFormat,
  DocumentRefusedError,
  decodeHeic,
  sniffDocumentType,
} from "@shoebox/document-decoding";
import { type AcceptedImageFormat, IMAGE_TYPES, type ImageFacts } from "@shoebox/schemas";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { capturedAtFromExif } from "./capture-time.ts";
import { decodeBytes, isHevcHeif, LIBVIPS_WORKING_BYTES } from "./decode-cost.ts";
import { imageRejectionOf } from "./document-refusals.ts";
import { ImageRejectedError } from "./errors.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { renderPdfThumbnails } from "./pdf-thumbnails.ts";
import {
  type DecodedPixels,
  decodeToLargest,
  largestSize,
  type RenderedUpload,
  type RenderOptions,
  renderSizes,
} from "./render-sizes.ts";

export type { RenderedThumbnail, RenderedUpload, RenderOptions } from "./render-sizes.ts";

// Every upload is a different image: libvips' operation cache would only hold memory.
sharp.cache(false);

/**
 * The format name, with the HEIF container told apart: by codec, `av1` is AVIF (sharp decodes
 * it); `hevc` is HEIC or HEIF, as the file's brands say (`sniffed`, from sniffDocumentType),
 * which @shoebox/document-decoding decodes. Anything not accepted (IMAGE_TYPES) is `undefined`.
 */
export const acceptedFormat = (
  metadata: Pick<Metadata, "format" | "compression">,
  sniffed?: DocumentFormat,
): AcceptedImageFormat | undefined => {
  let format: string | undefined = metadata.format;
  if (metadata.format === "heif") {
    if (metadata.compression === "av1") format = "avif";
    else format = isHevcHeif(metadata) && (sniffed === "heic" || sniffed === "heif") ? sniffed : undefined;
  }
  return IMAGE_TYPES.find((type) => type.sharpFormat === format)?.sharpFormat;
};

const MIB = 1024 * 1024;

/**
 * Turns a sharp failure on the original into the reason it is refused. Reasons are ours, for
 * the person who uploaded: libvips' own message stays on the error's cause, which is logged.
 */
const rejectionOf = (error: unknown): unknown => {
  const message = error instanceof Error ? error.message : String(error);
  // Running out of memory says nothing about the image: let the record be retried.
  if (/out of memory/i.test(message)) return error;
  if (/unsupported image format/i.test(message)) {
    return new ImageRejectedError("NOT_AN_IMAGE", "the upload is not an image", { cause: error });
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageRejectedError("TOO_MANY_PIXELS", "the image has more pixels than allowed", {
      cause: error,
    });
  }
  return new ImageRejectedError(
    "CORRUPT_IMAGE",
    "the image is damaged or incomplete and could not be read; upload the original file again",
    { cause: error },
  );
};

/** The decoded pixels of an image and its size as displayed (oriented). */
interface Decoded {
  pixels: DecodedPixels;
  width: number;
  height: number;
}

/**
 * A HEIC, decoded by libheif (@shoebox/document-decoding) under the same limits, then shrunk by
 * libvips from its raw pixels. libheif applies the image's rotation (HEIF's `irot`, which is
 * what the EXIF orientation says), so nothing is rotated again.
 */
const decodeHeicToLargest = async (original: Uint8Array, options: RenderOptions): Promise<Decoded> => {
  const heic = await decodeHeic(original, {
    maxPixels: options.maxInputPixels,
    maxDecodeBytes: options.maxDecodeBytes - LIBVIPS_WORKING_BYTES,
  }).catch((error: unknown) => {
    throw error instanceof DocumentRefusedError ? imageRejectionOf(error) : error;
  });
  const pixels = await decodeToLargest(sharp(heic.data, { raw: heic.raw }), largestSize(options.sizes));
  return { pixels, width: heic.raw.width, height: heic.raw.height };
};

/** Any other accepted image: sharp decodes it once, oriented, shrunk on load where it can. */
const decodeWithSharp = async (
  original: Uint8Array,
  metadata: Metadata,
  decoderOptions: SharpOptions,
  options: RenderOptions,
): Promise<Decoded> => {
  const pixels = await decodeToLargest(
    sharp(original, decoderOptions).autoOrient(),
    largestSize(options.sizes),
  ).catch((error: unknown) => {
    throw rejectionOf(error);
  });
  return { pixels, width: metadata.autoOrient.width, height: metadata.autoOrient.height };
};

/**
 * Decodes an original once and renders one WebP thumbnail per size, with the facts learned
 * on the way. Pure: bytes in, bytes and facts out; nothing is read or written elsewhere.
 * HEIC is decoded by libheif, PDF receipts go to renderPdfThumbnails; sharp does the rest.
 *
 * Throws an ImageRejectedError (EMPTY_FILE, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS,
 * TOO_LARGE_TO_DECODE, TOO_LARGE, CORRUPT_IMAGE) when the bytes cannot become thumbnails.
 *
 * @example
 * const { facts, thumbnails } = await renderThumbnails(bytes, {
 *   sizes: [{ name: "small", maxDimension: 160 }, { name: "medium", maxDimension: 640 }],
 *   maxInputPixels: 50_000_000,
 *   maxDecodeBytes: 384 * 1024 * 1024,
 * });
 */
export const renderThumbnails = async (
  original: Uint8Array,
  options: RenderOptions,
): Promise<RenderedUpload> => {
  if (original.byteLength === 0) throw new ImageRejectedError("EMPTY_FILE", "the upload has no bytes");
  const largest = largestSize(options.sizes);
  const sniffed = sniffDocumentType(original);
  if (sniffed === "pdf") return renderPdfThumbnails(original, options);

  const decoderOptions: SharpOptions = {
    // libvips checks this against the header, before it allocates a single pixel buffer.
    limitInputPixels: options.maxInputPixels,
    // "error" stops on corrupt or truncated data, but tolerates the harmless warnings that
    // many camera JPEGs carry ("warning" would refuse those).
    failOn: "error",
    // Animated GIF and WebP, multi-page TIFF: the first frame or page only.
    pages: 1,
  };

  // The header first: cheap, and it lets us refuse a format before decoding a byte of it.
  // (sharp reads a HEIC's header, EXIF included, though it cannot decode its pixels.)
  const metadata = await sharp(original, decoderOptions)
    .metadata()
    .catch((error: unknown) => {
      throw rejectionOf(error);
    });
  const format = acceptedFormat(metadata, sniffed);
  if (!format) {
    const named =
      metadata.format === "heif" ? `heif (${metadata.compression ?? "unknown codec"})` : metadata.format;
    throw new ImageRejectedError("UNSUPPORTED_FORMAT", `${named} images are not accepted`);
  }
  const needed = decodeBytes(metadata, largest.maxDimension);
  if (needed > options.maxDecodeBytes) {
    throw new ImageRejectedError(
      "TOO_LARGE_TO_DECODE",
      `reading this image would take about ${Math.ceil(needed / MIB)} MiB of memory, more than the ${Math.floor(options.maxDecodeBytes / MIB)} MiB allowed per image (16-bit, interlaced, progressive or HEIC images of this size cost the most); save it as a standard 8-bit JPEG and upload it again`,
    );
  }

  const decoded = isHevcHeif(metadata)
    ? await decodeHeicToLargest(original, options)
    : await decodeWithSharp(original, metadata, decoderOptions, options);
  const thumbnails = await renderSizes(decoded.pixels, options.sizes);

  const capturedAt = capturedAtFromExif(metadata.exif);
  const facts: ImageFacts = {
    width: decoded.width,
    height: decoded.height,
    format,
    ...fingerprintOf(original),
    ...(capturedAt ? { capturedAt } : {}),
  };
  return { facts, thumbnails };
};
