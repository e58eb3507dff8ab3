import { heicDecodeBytes } from "@shoebox/document-decoding";
import type { Metadata } from "sharp";

const BYTES_PER_SAMPLE: Record<NonNullable<Metadata["depth"]>, number> = {
  uchar: 1,
  char: 1,
  ushort: 2,
  short: 2,
  uint: 4,
  int: 4,
  float: 4,
  complex: 8,
  double: 8,
  dpcomplex: 16,
};

/** JPEG decoders shrink by 1/2, 1/4 or 1/8 while decoding (libjpeg's DCT scaling). */
const MAX_JPEG_SHRINK = 8;

/**
 * Interlaced PNG and GIF cannot be decoded row by row: the whole frame is held, plus libvips'
 * working copy. Measured with our pipeline (16-bit RGBA, 7000x7000 Adam7): 462 MiB resident
 * for a 374 MiB frame.
 */
const INTERLACED_OVERHEAD = 1.25;

/**
 * What libvips holds whatever the image: its per-thread buffers and the pipeline around the
 * decoder. Measured: a baseline 48 Mpx JPEG shrunk on load to about 2 MiB of pixels took 12 MiB.
 */
export const LIBVIPS_WORKING_BYTES = 16 * 1024 * 1024;

/** How many times a baseline JPEG of this size is shrunk on load when rendered to `largestEdge`. */
const jpegShrinkOnLoad = (width: number, height: number, largestEdge: number): number => {
  let shrink = 1;
  while (shrink < MAX_JPEG_SHRINK && Math.max(width, height) / (shrink * 2) >= largestEdge) shrink *= 2;
  return shrink;
};

/**
 * The memory, in bytes, that decoding this image for a thumbnail of `largestEdge` pixels will
 * take, from its header alone, so an image over budget is refused before a pixel is allocated.
 *
 * The estimate errs high: the tests hold it against the resident memory measured with sharp for
 * each kind of image. It is libvips' working memory (LIBVIPS_WORKING_BYTES) plus the pixels:
 * - one frame: width x height x channels x bytes per sample (16-bit samples count twice);
 *   only the first frame or page is decoded (`pages: 1`), so animation frames add nothing;
 * - interlaced PNG/GIF hold the whole frame and a working copy (INTERLACED_OVERHEAD);
 * - progressive JPEG keeps every DCT coefficient (2 bytes per sample) until the last scan;
 * - baseline JPEG is decoded already shrunk by up to 8x, so a 48 Mpx photo costs little;
 * - HEIC (HEVC in HEIF) is decoded whole by libheif, outside libvips: its raw RGB(A) pixels
 *   plus libheif's working memory (heicDecodeBytes, measured in @shoebox/document-decoding);
 *   libvips then resizes from those pixels.
 *
 * @example
 * decodeBytes({ format: "png", width: 7000, height: 7000, channels: 4, depth: "ushort", isProgressive: true }, 640);
 * // 506_777_216 (483 MiB): over a 384 MiB budget
 */
export const decodeBytes = (metadata: ImageHeader, largestEdge: number): number =>
  LIBVIPS_WORKING_BYTES + pixelBytes(metadata, largestEdge);

type ImageHeader = Pick<Metadata, "format" | "width" | "height" | "channels" | "depth" | "isProgressive"> &
  Partial<Pick<Metadata, "compression" | "hasAlpha">>;

/** HEIF whose codec is HEVC: what sharp reads the header of, but cannot decode. */
export const isHevcHeif = (metadata: Pick<Metadata, "format" | "compression">): boolean =>
  metadata.format === "heif" && metadata.compression === "hevc";

/** The pixel memory alone, as decodeBytes describes it. */
const pixelBytes = (metadata: ImageHeader, largestEdge: number): number => {
  const { width = 0, height = 0, channels = 4 } = metadata;
  if (isHevcHeif(metadata)) return heicDecodeBytes({ width, height, hasAlpha: metadata.hasAlpha ?? false });
  const samples = width * height * channels;
  const frame = samples * BYTES_PER_SAMPLE[metadata.depth ?? "uchar"];
  if (metadata.format === "jpeg") {
    if (metadata.isProgressive) return samples * 2;
    return frame / jpegShrinkOnLoad(width, height, largestEdge) ** 2;
  }
  return metadata.isProgressive ? frame * INTERLACED_OVERHEAD : frame;
};
