import { rawImageBytes } from "../raw-image.ts";

/**
 * What libheif holds while it decodes, per pixel, beyond the pixels it hands over: the HEVC
 * frame in YCbCr 4:2:0 (1.5 bytes) and the interleaved RGB(A) it converts that to (3 or 4), in
 * the WebAssembly heap, plus libde265's per-tile buffers and the copy's garbage.
 */
const LIBHEIF_BYTES_PER_PIXEL = 5.5;

/**
 * The WebAssembly instance whatever the image (its compiled code and first 16 MiB heap, made at
 * a container's first HEIC) and a fixed part of every decode.
 */
const LIBHEIF_BASE_BYTES = 48 * 1024 * 1024;

/**
 * The memory, in bytes, that decoding a HEIC of this size takes, from its header alone: the
 * raw pixels handed to the caller (width x height x channels) plus libheif's working memory
 * (its instance and LIBHEIF_BYTES_PER_PIXEL for every pixel). Errs high: against the peak
 * resident memory above the loaded bundle, measured with bench/heic-decode.mjs (the highest of
 * three fresh processes; grid HEICs with 512 px tiles, as iPhones write them):
 *
 * | image | measured | estimate | time |
 * | --- | --- | --- | --- |
 * | 1600x1200 (1.9 Mpx) | 54 MiB | 64 MiB | 0.4 s |
 * | 4032x3024 (12 Mpx) | 128 MiB | 147 MiB | 1.1 s |
 * | 8000x6000 (48 Mpx) | 414 MiB | 437 MiB | 3.7 s |
 *
 * @example
 * heicDecodeBytes({ width: 4032, height: 3024, hasAlpha: false }); // 153_970_176 (147 MiB)
 */
export const heicDecodeBytes = ({ width, height, hasAlpha }: HeicHeader): number =>
  rawImageBytes(width, height, hasAlpha ? 4 : 3) +
  LIBHEIF_BASE_BYTES +
  Math.ceil(width * height * LIBHEIF_BYTES_PER_PIXEL);

/** What a HEIC's header says of its primary image, once libheif has applied its transformations. */
export interface HeicHeader {
  width: number;
  height: number;
  hasAlpha: boolean;
}
