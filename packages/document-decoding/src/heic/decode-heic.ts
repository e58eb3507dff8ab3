import { DocumentRefusedError } from "../errors.ts";
import { copyRows, type RawImage } from "../raw-image.ts";
import { sniffDocumentType } from "../sniff.ts";
import { isCompleteFile } from "./complete-file.ts";
import { type HeicHeader, heicDecodeBytes } from "./decode-cost.ts";
import { libheif, releaseLargeHeap } from "./libheif.ts";
import type { HeifContext, HeifError, HeifImageHandle, Libheif } from "./libheif-types.ts";

/** What one HEIC may cost: refused, from its header, before a pixel is decoded. */
export interface HeicLimits {
  /** Width x height of the primary image, at most. */
  maxPixels: number;
  /** Memory the decode may take (heicDecodeBytes), at most. */
  maxDecodeBytes: number;
}

const MIB = 1024 * 1024;

const isHeifError = (value: unknown): value is HeifError =>
  typeof value === "object" && value !== null && "code" in value && "message" in value;

/** Turns what libheif answered into the refusal a person can act on; libheif's words stay on the cause. */
const refusalOf = (lib: Libheif, error: HeifError, doing: string): DocumentRefusedError => {
  const cause = new Error(`libheif, ${doing}: ${error.message}`);
  const unsupported = [
    lib.heif_error_code.heif_error_Unsupported_feature,
    lib.heif_error_code.heif_error_Unsupported_filetype,
  ];
  return unsupported.includes(error.code)
    ? new DocumentRefusedError(
        "UNSUPPORTED",
        "the HEIC image uses a feature this service cannot decode; export it as JPEG and upload that",
        { cause },
      )
    : new DocumentRefusedError(
        "CORRUPT",
        "the HEIC image is damaged or incomplete and could not be read; upload the original file again",
        { cause },
      );
};

/** Refuses an image over either limit, from its header alone. */
const checkLimits = (header: HeicHeader, limits: HeicLimits): void => {
  const pixels = header.width * header.height;
  if (pixels > limits.maxPixels) {
    throw new DocumentRefusedError(
      "TOO_MANY_PIXELS",
      `the image has ${header.width}x${header.height} pixels (${(pixels / 1e6).toFixed(1)} Mpx), more than the ${(limits.maxPixels / 1e6).toFixed(1)} Mpx allowed; upload a smaller copy`,
    );
  }
  const needed = heicDecodeBytes(header);
  if (needed > limits.maxDecodeBytes) {
    throw new DocumentRefusedError(
      "TOO_LARGE_TO_DECODE",
      `reading this HEIC image would take about ${Math.ceil(needed / MIB)} MiB of memory, more than the ${Math.floor(limits.maxDecodeBytes / MIB)} MiB allowed per image; upload a smaller copy or a JPEG`,
    );
  }
};

const headerOf = (lib: Libheif, handle: HeifImageHandle): HeicHeader => ({
  width: lib.heif_image_handle_get_width(handle),
  height: lib.heif_image_handle_get_height(handle),
  hasAlpha: lib.heif_image_handle_has_alpha_channel(handle) !== 0,
});

/** The primary image's pixels, 8-bit RGB (RGBA when it has an alpha plane), in a buffer of our own. */
const decodePixels = async (lib: Libheif, handle: HeifImageHandle, header: HeicHeader): Promise<RawImage> => {
  const channels = header.hasAlpha ? 4 : 3;
  const decoded = await lib.heif_js_decode_image2(
    handle,
    lib.heif_colorspace.heif_colorspace_RGB,
    header.hasAlpha
      ? lib.heif_chroma.heif_chroma_interleaved_RGBA
      : lib.heif_chroma.heif_chroma_interleaved_RGB,
  );
  if (!decoded || isHeifError(decoded)) {
    throw refusalOf(
      lib,
      decoded ?? { code: { value: -1 }, subcode: { value: -1 }, message: "no image" },
      "decoding",
    );
  }
  try {
    const plane = decoded.channels.find(
      (channel) => channel.id === lib.heif_channel.heif_channel_interleaved,
    );
    if (!plane) throw new Error("libheif returned no interleaved plane");
    // The plane is a view into the WebAssembly heap, which the next decode reuses: copy it out.
    const data = copyRows(plane.data, plane.height, plane.width * channels, plane.stride);
    return { data, raw: { width: plane.width, height: plane.height, channels } };
  } finally {
    lib.heif_image_release(decoded.image);
  }
};

/** Reads the header of a HEIC without decoding it: the primary image's size, its transformations applied. */
const withPrimaryImage = async <T>(
  bytes: Uint8Array,
  use: (lib: Libheif, handle: HeifImageHandle, header: HeicHeader) => Promise<T> | T,
): Promise<T> => {
  if (!sniffDocumentType(bytes)?.startsWith("hei")) {
    throw new DocumentRefusedError("NOT_HEIC", "the file is not a HEIC image, whatever its name says");
  }
  if (!isCompleteFile(bytes)) {
    throw new DocumentRefusedError(
      "CORRUPT",
      "the HEIC image is incomplete (its file ends before its data does); upload the original file again",
    );
  }
  const lib = await libheif();
  let context: HeifContext | undefined;
  let handle: HeifImageHandle | undefined;
  try {
    context = lib.heif_context_alloc();
    const read = lib.heif_context_read_from_memory(context, bytes);
    if (read.code !== lib.heif_error_code.heif_error_Ok) throw refusalOf(lib, read, "reading the file");
    const primary = lib.heif_js_context_get_primary_image_handle(context);
    if (isHeifError(primary)) throw refusalOf(lib, primary, "finding the primary image");
    handle = primary;
    return await use(lib, handle, headerOf(lib, handle));
  } finally {
    if (handle) lib.heif_image_handle_release(handle);
    if (context) lib.heif_context_free(context);
    releaseLargeHeap();
  }
};

/**
 * The size of a HEIC's primary image (as displayed: libheif applies its rotation and mirroring)
 * and whether it has alpha, read from the header without decoding a pixel.
 *
 * @example
 * await readHeicHeader(bytes); // { width: 4032, height: 3024, hasAlpha: false }
 */
export const readHeicHeader = (bytes: Uint8Array): Promise<HeicHeader> =>
  withPrimaryImage(bytes, (_lib, _handle, header) => header);

/**
 * Decodes a HEIC (or other HEVC-coded HEIF) photo's primary image into raw 8-bit pixels, RGB or,
 * with an alpha plane, RGBA, oriented as it is meant to be seen (its `irot`/`imir` applied).
 * The header is read first: an image over `maxPixels`, or whose decode would take more than
 * `maxDecodeBytes` (heicDecodeBytes), is refused before a pixel is decoded.
 *
 * Throws a DocumentRefusedError: NOT_HEIC, CORRUPT, UNSUPPORTED, TOO_MANY_PIXELS, TOO_LARGE_TO_DECODE.
 *
 * @example
 * const { data, raw } = await decodeHeic(bytes, { maxPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 });
 * const webp = await sharp(data, { raw }).resize(640).webp().toBuffer();
 */
export const decodeHeic = (bytes: Uint8Array, limits: HeicLimits): Promise<RawImage> =>
  withPrimaryImage(bytes, (lib, handle, header) => {
    checkLimits(header, limits);
    return decodePixels(lib, handle, header);
  });
