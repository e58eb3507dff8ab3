import { createHash } from "node:crypto";
import { type AcceptedImageFormat, IMAGE_TYPES, type ImageFacts } from "@shoebox/schemas";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import { capturedAtFromExif } from "./capture-time.ts";
import type { ThumbnailSize } from "./config.ts";
import { decodeBytes } from "./decode-cost.ts";
import { ImageRejectedError } from "./errors.ts";

// Every upload is a different image: libvips' operation cache would only hold memory.
sharp.cache(false);

/** Thumbnails are small and viewed on screens: 80 is the usual quality/size balance for WebP. */
const WEBP_QUALITY = 80;

export interface RenderOptions {
  /** Every size to produce; the order does not matter. */
  sizes: readonly ThumbnailSize[];
  /** Refuse, before decoding, anything with more pixels than this. */
  maxInputPixels: number;
  /** Refuse, before decoding, anything whose decoding would take more memory than this (decode-cost.ts). */
  maxDecodeBytes: number;
}

export interface RenderedThumbnail {
  size: string;
  /** A WebP image without metadata. */
  body: Buffer;
  width: number;
  height: number;
}

export interface RenderedUpload {
  facts: ImageFacts;
  thumbnails: RenderedThumbnail[];
}

/**
 * The sharp format name, with the HEIF container told apart by its codec: `av1` is AVIF,
 * `hevc` is HEIC. Anything not accepted (IMAGE_TYPES) is `undefined`.
 */
export const acceptedFormat = (
  metadata: Pick<Metadata, "format" | "compression">,
): AcceptedImageFormat | undefined => {
  const format = metadata.format === "heif" && metadata.compression === "av1" ? "avif" : metadata.format;
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

/**
 * Decodes an original once and renders one WebP thumbnail per size, with the facts learned
 * on the way. Pure: bytes in, bytes and facts out; nothing is read or written elsewhere.
 *
 * Throws an ImageRejectedError (EMPTY_FILE, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS,
 * TOO_LARGE_TO_DECODE, CORRUPT_IMAGE) when the bytes cannot become thumbnails.
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
  const [largest] = [...options.sizes].sort((a, b) => b.maxDimension - a.maxDimension);
  if (!largest) throw new RangeError("renderThumbnails needs at least one size");

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
  const metadata = await sharp(original, decoderOptions)
    .metadata()
    .catch((error: unknown) => {
      throw rejectionOf(error);
    });
  const format = acceptedFormat(metadata);
  if (!format) {
    const named =
      metadata.format === "heif" ? `heif (${metadata.compression ?? "unknown codec"})` : metadata.format;
    throw new ImageRejectedError("UNSUPPORTED_FORMAT", `${named} images are not accepted`);
  }
  const needed = decodeBytes(metadata, largest.maxDimension);
  if (needed > options.maxDecodeBytes) {
    throw new ImageRejectedError(
      "TOO_LARGE_TO_DECODE",
      `reading this image would take about ${Math.ceil(needed / MIB)} MiB of memory, more than the ${Math.floor(options.maxDecodeBytes / MIB)} MiB allowed per image (16-bit, interlaced or progressive images of this size cost the most); save it as a standard 8-bit JPEG and upload it again`,
    );
  }

  // The one decode: oriented, in sRGB (CMYK and 16-bit inputs end up as 8-bit sRGB), already
  // shrunk to the largest size. JPEG and WebP shrink on load, so a 12 Mpx photo is never
  // decoded at full size. The smaller sizes are derived from these raw pixels below.
  const decoded = await sharp(original, decoderOptions)
    .autoOrient()
    .resize({
      width: largest.maxDimension,
      height: largest.maxDimension,
      fit: "inside",
      withoutEnlargement: true,
    })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw rejectionOf(error);
    });

  // Errors from here on are about our own raw pixels, not the upload: they are not caught,
  // so the record is retried instead of the photo being marked FAILED.
  const raw = {
    width: decoded.info.width,
    height: decoded.info.height,
    channels: decoded.info.channels as 1 | 2 | 3 | 4,
  };
  const thumbnails = await Promise.all(
    options.sizes.map(async (size): Promise<RenderedThumbnail> => {
      // sharp writes no metadata unless asked (keepMetadata, withExif...): EXIF and GPS stay behind.
      const { data, info } = await sharp(decoded.data, { raw })
        .resize({
          width: size.maxDimension,
          height: size.maxDimension,
          fit: "inside",
          withoutEnlargement: true,
        })
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true });
      return { size: size.name, body: data, width: info.width, height: info.height };
    }),
  );

  const capturedAt = capturedAtFromExif(metadata.exif);
  const facts: ImageFacts = {
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    format,
    bytes: original.byteLength,
    sha256: createHash("sha256").update(original).digest("hex"),
    ...(capturedAt ? { capturedAt } : {}),
  };
  return { facts, thumbnails };
};
