import sharp from "sharp";

/**
 * An image that is small on disk and costly to decode: RGBA, Adam7-interlaced PNG of one flat
 * colour. Interlacing makes the decoder hold the whole frame (width x height x 4 channels x 1 or
 * 2 bytes), so at 16 bits 7000x7000 is about 2 MB in the bucket and 460 MiB of resident memory
 * in sharp, just under the 50 Mpx pixel limit that would otherwise refuse it. Deterministic.
 *
 * @example
 * const bomb = await interlacedPng(7000, 7000, 16);
 */
export const interlacedPng = (width: number, height: number, bitsPerSample: 8 | 16): Promise<Buffer> => {
  const image = sharp({
    create: { width, height, channels: 4, background: { r: 120, g: 30, b: 200, alpha: 0.8 } },
  });
  return (bitsPerSample === 16 ? image.toColourspace("rgb16") : image)
    .png({ progressive: true, compressionLevel: 6 })
    .toBuffer();
};

/** A camera-like baseline JPEG: noise compresses as badly as a real photo. Deterministic. */
export const noisyJpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
