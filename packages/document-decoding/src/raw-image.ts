/**
 * Decoded pixels, 8 bits per sample, interleaved, rows top to bottom without padding: what sharp
 * takes as raw input.
 *
 * @example
 * const { data, raw } = await decodeHeic(bytes, limits);
 * await sharp(data, { raw }).webp().toBuffer();
 */
export interface RawImage {
  data: Buffer;
  raw: { width: number; height: number; channels: 1 | 3 | 4 };
}

/** Bytes of the decoded pixels of an image: one per sample. */
export const rawImageBytes = (width: number, height: number, channels: number): number =>
  width * height * channels;

/**
 * Copies `height` rows of `rowBytes` each out of a buffer whose rows are `stride` bytes apart
 * (decoders pad rows for alignment) into one tight buffer.
 */
export const copyRows = (source: Uint8Array, height: number, rowBytes: number, stride: number): Buffer => {
  if (stride === rowBytes) return Buffer.from(source.subarray(0, rowBytes * height));
  const rows = Buffer.allocUnsafe(rowBytes * height);
  for (let row = 0; row < height; row++) {
    rows.set(source.subarray(row * stride, row * stride + rowBytes), row * rowBytes);
  }
  return rows;
};

/** One bit per pixel, rows padded to whole bytes, 1 = white (PDF DeviceGray): 0 or 255 per pixel. */
export const expandBits = (packed: Uint8Array, width: number, height: number): Buffer => {
  const rowBytes = Math.ceil(width / 8);
  const grey = Buffer.allocUnsafe(width * height);
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const bit = ((packed[row * rowBytes + (column >> 3)] ?? 0) >> (7 - (column & 7))) & 1;
      grey[row * width + column] = bit ? 255 : 0;
    }
  }
  return grey;
};
