import { readFile } from "node:fs/promises";
import sharp from "sharp";

/** A phone's HEIC of a bakery receipt (receipt-reader's fixture, made by its encode-heic.py). */
export const bakeryHeic = (): Promise<Buffer> =>
  readFile(new URL("../fixtures/bakery-receipt.heic", import.meta.url));

/** A WebP of dark text-like strokes on white, `width` x `height`, stored sideways (EXIF 6). */
export const sidewaysWebp = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite([
      {
        input: { create: { width: Math.round(width / 2), height: 20, channels: 3, background: "#111111" } },
        top: 10,
        left: 10,
      },
    ])
    .webp({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();

/** Noise JPEG cannot compress: at this size no quality-90 JPEG of it fits in Textract's 5 MB. */
export const noisyWebp = (width: number, height: number): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 80 },
    },
  })
    .webp({ quality: 100 })
    .toBuffer();

/** A fully transparent GIF: nothing on it but its background. */
export const transparentGif = (): Promise<Buffer> =>
  sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .gif()
    .toBuffer();
