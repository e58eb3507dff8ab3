import { decodeHeic } from "@shoebox/document-decoding";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MAX_LONG_SIDE, TEXTRACT_MAX_DOCUMENT_BYTES, toTextractJpeg } from "../../src/textract-jpeg.ts";
import { bakeryHeic, noisyWebp, sidewaysWebp, transparentGif } from "../helpers/images.ts";

const limits = { maxInputPixels: 50_000_000, maxDecodeBytes: 512 * 1024 * 1024 };

describe("toTextractJpeg", () => {
  it("makes a phone's HEIC a JPEG of the same upright size", async () => {
    // Prepare
    const heic = await bakeryHeic();
    const { raw } = await decodeHeic(heic, { maxPixels: 50_000_000, maxDecodeBytes: 512 << 20 });

    // Act
    const jpeg = await toTextractJpeg(heic, limits);

    // Assess
    const metadata = await sharp(jpeg).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: raw.width, height: raw.height });
    expect(jpeg.byteLength).toBeLessThanOrEqual(TEXTRACT_MAX_DOCUMENT_BYTES);
  });

  it("turns a WebP stored sideways upright and shrinks its long side to 4096 px", async () => {
    const jpeg = await toTextractJpeg(await sidewaysWebp(6000, 2000), limits);

    const metadata = await sharp(jpeg).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 1365, height: MAX_LONG_SIDE });
    expect(metadata.orientation ?? 1).toBe(1);
  });

  it("lowers the quality, then the size, of an image whose JPEG would pass Textract's 5 MB", async () => {
    const jpeg = await toTextractJpeg(await noisyWebp(4000, 3000), limits);

    const metadata = await sharp(jpeg).metadata();
    expect(metadata.format).toBe("jpeg");
    expect(jpeg.byteLength).toBeLessThanOrEqual(TEXTRACT_MAX_DOCUMENT_BYTES);
    expect(metadata.width).toBeLessThan(4000);
  });

  it("puts a transparent image on white, not on black", async () => {
    const jpeg = await toTextractJpeg(await transparentGif(), limits);

    const { dominant } = await sharp(jpeg).stats();
    expect(Math.min(dominant.r, dominant.g, dominant.b)).toBeGreaterThan(240);
  });

  it.each([
    ["a WebP", () => sidewaysWebp(2000, 1000)],
    ["a HEIC", bakeryHeic],
  ])("refuses %s over the pixel limit as unreadable, saying so", async (_name, image) => {
    await expect(toTextractJpeg(await image(), { ...limits, maxInputPixels: 10_000 })).rejects.toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringMatching(/pixels/i),
    });
  });

  it("refuses a HEIC whose decode would take more than the budget as unreadable", async () => {
    await expect(
      toTextractJpeg(await bakeryHeic(), { ...limits, maxDecodeBytes: 1024 }),
    ).rejects.toMatchObject({
      name: "ReceiptUnreadable",
    });
  });

  it("refuses a damaged WebP as unreadable", async () => {
    const webp = await sidewaysWebp(800, 600);

    await expect(toTextractJpeg(webp.subarray(0, 200), limits)).rejects.toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringContaining("damaged"),
    });
  });
});
