import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import sharp from "sharp";

const photosDirectory = new URL("../fixtures/photos/", import.meta.url);

/** One of the committed real photos (see tests/fixtures/photos/README.md). */
export const photo = (name: "astronaut" | "chelsea" | "coffee"): Buffer =>
  readFileSync(new URL(`${name}.jpg`, photosDirectory));

/** coffee.jpg (600x400) stored rotated, with EXIF orientation 6, a capture time and a GPS position. */
export const photoWithCameraExif = (): Promise<Buffer> =>
  sharp(photo("coffee"))
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD2: { DateTimeOriginal: "2021:03:04 05:06:07", OffsetTimeOriginal: "+02:00" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "51/1 30/1 3230/100",
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 7/1 4/1",
      },
    })
    .jpeg()
    .toBuffer();

/** A print-shop JPEG: four CMYK channels. */
export const cmykJpeg = (): Promise<Buffer> =>
  sharp(photo("chelsea")).toColourspace("cmyk").jpeg().toBuffer();

/** A 16 bits per channel PNG. */
export const sixteenBitPng = (): Promise<Buffer> =>
  sharp(photo("chelsea")).toColourspace("rgb16").png().toBuffer();

/** A 300x200 PNG, half-transparent red. */
export const translucentPng = (): Promise<Buffer> =>
  sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } })
    .png()
    .toBuffer();

const solid = (colour: string): Promise<Buffer> =>
  sharp({ create: { width: 240, height: 160, channels: 3, background: colour } })
    .png()
    .toBuffer();

/** A two-frame animated GIF: red, then blue. */
export const redThenBlueGif = async (): Promise<Buffer> =>
  sharp([await solid("#ff0000"), await solid("#0000ff")], { join: { animated: true } })
    .gif()
    .toBuffer();

const pngChunk = (type: string, data: Buffer): Buffer => {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "ascii");
  data.copy(chunk, 8);
  // The CRC is left zero: libvips refuses on the header's dimensions before it reads further.
  return chunk;
};

/**
 * A decompression bomb: a 1-bit, all-black PNG of 20000x20000 (400 Mpx, 400 MB once decoded)
 * that weighs about 50 KB.
 */
export const pixelBombPng = (side = 20_000): Buffer => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + side / 8) * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows, { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
};

/** The first half of a real JPEG, as an interrupted upload leaves it. */
export const truncatedJpeg = (): Buffer => {
  const whole = photo("astronaut");
  return whole.subarray(0, Math.floor(whole.length / 2));
};

export const svgDocument = (): Buffer =>
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="teal"/></svg>',
  );

export const plainText = (): Buffer => Buffer.from("Dear diary, today I uploaded a text file by mistake.\n");

/** The mean colour of an image, channel by channel (r, g, b). */
export const meanColour = async (image: Buffer): Promise<number[]> => {
  const { channels } = await sharp(image).stats();
  return channels.slice(0, 3).map((channel) => Math.round(channel.mean));
};

const documentFixtures = new URL("../../../../packages/document-decoding/tests/fixtures/", import.meta.url);

/**
 * A HEIC or PDF fixture of @shoebox/document-decoding (its tests/fixtures: HEIC written by
 * libheif through pillow-heif, PDFs by pdf-lib or by hand), e.g. `coffee.heic`: coffee.jpg as
 * an iPhone-style grid HEIC; `scanned-receipt.pdf`: coffee.jpg as a scanned page.
 */
export const documentFixture = (name: string): Buffer => readFileSync(new URL(name, documentFixtures));
