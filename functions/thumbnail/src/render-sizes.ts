import type { ImageFacts, ThumbnailSize, UploadKind } from "@shoebox/schemas";
import sharp, { type Sharp } from "sharp";

/** Thumbnails are small and viewed on screens: 80 is the usual quality/size balance for WebP. */
const WEBP_QUALITY = 80;

export interface RenderOptions {
  /** Every size to produce; the order does not matter. */
  sizes: readonly ThumbnailSize[];
  /** Refuse, before decoding, anything with more pixels than this. */
  maxInputPixels: number;
  /** Refuse, before decoding, anything whose decoding would take more memory than this (decode-cost.ts). */
  maxDecodeBytes: number;
  /** What the upload was sent as: a PDF is taken as a receipt only. Default: photo. */
  kind?: UploadKind;
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

/** Raw 8-bit pixels and their layout, as sharp's `raw()` output gives them. */
export interface DecodedPixels {
  data: Buffer;
  info: { width: number; height: number; channels: number };
}

/** The largest size: the one decode is shrunk to it, and every other size is derived from there. */
export const largestSize = (sizes: readonly ThumbnailSize[]): ThumbnailSize => {
  const [largest] = [...sizes].sort((a, b) => b.maxDimension - a.maxDimension);
  if (!largest) throw new RangeError("renderThumbnails needs at least one size");
  return largest;
};

/**
 * The one decode of a source (an original for sharp to decode, or pixels decoded elsewhere):
 * in sRGB (CMYK and 16-bit inputs end up as 8-bit sRGB), already shrunk to the largest size,
 * never enlarged. JPEG and WebP shrink on load, so a 12 Mpx photo is never decoded at full size.
 */
export const decodeToLargest = async (source: Sharp, largest: ThumbnailSize): Promise<DecodedPixels> =>
  source
    .resize({
      width: largest.maxDimension,
      height: largest.maxDimension,
      fit: "inside",
      withoutEnlargement: true,
    })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });

/**
 * One WebP thumbnail per size, from the raw pixels of decodeToLargest. Errors here are about
 * our own pixels, not the upload: callers let them through, so the record is retried.
 */
export const renderSizes = async (
  decoded: DecodedPixels,
  sizes: readonly ThumbnailSize[],
): Promise<RenderedThumbnail[]> => {
  const raw = {
    width: decoded.info.width,
    height: decoded.info.height,
    channels: decoded.info.channels as 1 | 2 | 3 | 4,
  };
  return Promise.all(
    sizes.map(async (size): Promise<RenderedThumbnail> => {
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
};
