import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  OCR_MAX_LONG_SIDE,
  OCR_MAX_PIXELS,
  OCR_MIN_LONG_SIDE,
  ocrSizeOf,
  preparePage,
} from "../../src/prepare-page.ts";
import { bakeryReceipt, phonePhoto, slipSvg } from "../helpers/receipts.ts";

const limits = { maxInputPixels: 50_000_000 };
const greyStats = async (png: Buffer) => {
  const { channels } = await sharp(png).stats();
  return { channels: channels.length, min: channels[0]?.min, max: channels[0]?.max };
};
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected ReceiptUnreadable"),
    (error: Error) => ({ name: error.name, message: error.message }),
  );

describe("ocrSizeOf: the size a page is OCR'd at", () => {
  it("enlarges a small slip towards a 1600 px long side", () => {
    expect(ocrSizeOf({ width: 600, height: 800 })).toEqual({ width: 1200, height: 1600, scale: 2 });
    expect(ocrSizeOf({ width: 450, height: 600 })).toMatchObject({ width: 1200, height: 1600 });
  });

  it("enlarges at most 3x: interpolation adds no detail", () => {
    expect(ocrSizeOf({ width: 200, height: 300 })).toEqual({ width: 600, height: 900, scale: 3 });
  });

  it("leaves a page whose long side is already OCR-sized as it is", () => {
    expect(ocrSizeOf({ width: 1200, height: 1800 })).toEqual({ width: 1200, height: 1800, scale: 1 });
    expect(ocrSizeOf({ width: OCR_MIN_LONG_SIDE, height: 800 }).scale).toBe(1);
  });

  it("shrinks a 12 Mpx phone photo to at most 5 Mpx, keeping its aspect", () => {
    const { width, height } = ocrSizeOf({ width: 3000, height: 4000 });
    expect(width * height).toBeLessThanOrEqual(OCR_MAX_PIXELS);
    expect(width * height).toBeGreaterThan(OCR_MAX_PIXELS * 0.99);
    expect(height / width).toBeCloseTo(4 / 3, 2);
  });

  it("keeps a till roll's print large: its long side may reach 5000 px, not 2500", () => {
    const { width, height } = ocrSizeOf({ width: 1000, height: 6000 });
    expect(height).toBe(OCR_MAX_LONG_SIDE);
    expect(width).toBe(833);
  });

  it("never makes a side of zero pixels", () => {
    expect(ocrSizeOf({ width: 1, height: 20_000 })).toMatchObject({ width: 1, height: OCR_MAX_LONG_SIDE });
  });
});

describe("preparePage: what tesseract is given", () => {
  it("turns a photo upright from its EXIF orientation", async () => {
    // Prepare: a portrait page, dark band at its top, stored turned a quarter anticlockwise
    // with orientation 6 ("turn me a quarter clockwise"), as phones store photos
    const page = await sharp({ create: { width: 200, height: 400, channels: 3, background: "white" } })
      .composite([
        { input: { create: { width: 200, height: 50, channels: 3, background: "black" } }, top: 0, left: 0 },
      ])
      .png()
      .toBuffer();
    const stored = await sharp(page).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();

    // Act
    const prepared = await preparePage({ image: stored }, limits);

    // Assess: upright again (portrait, band at the top), scaled 3x towards OCR size
    expect(prepared.source).toEqual({ width: 200, height: 400 });
    expect(prepared.ocr).toEqual({ width: 600, height: 1200 });
    const { data, info } = await sharp(prepared.png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([600, 1200]);
    expect(data[10 * info.width + 300]).toBeLessThan(30); // the band, top centre
    expect(data[1000 * info.width + 300]).toBeGreaterThan(225); // the page, lower down
  });

  it("hands over one grey channel with the contrast stretched to black on white", async () => {
    // Prepare: faded print, grey 150 on grey 190
    const faded = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="100%" height="100%" fill="rgb(190,190,190)"/><text x="20" y="70" font-family="DejaVu Sans Mono" font-size="40" fill="rgb(150,150,150)">TOTAL 9.99</text></svg>`,
      ),
    )
      .jpeg()
      .toBuffer();

    // Act
    const { png } = await preparePage({ image: faded }, limits);

    // Assess: a grey range of 40 becomes nearly the whole range
    const stats = await greyStats(png);
    expect(stats.channels).toBe(1);
    expect((stats.max ?? 0) - (stats.min ?? 0)).toBeGreaterThan(200);
  });

  it("flattens a transparent screenshot onto white paper (black print stays readable)", async () => {
    // Prepare: black text on a fully transparent background
    const transparent = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><text x="20" y="70" font-family="DejaVu Sans Mono" font-size="40" fill="black">TOTAL 9.99</text></svg>`,
      ),
    )
      .png()
      .toBuffer();

    // Act
    const { png } = await preparePage({ image: transparent }, limits);

    // Assess: the corner (paper) is white, the print black
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBe(255);
    expect(await greyStats(png)).toMatchObject({ channels: 1, min: 0 });
  });

  it("takes raw pixels with their layout, as a document decoder hands over a page", async () => {
    // Prepare: 300 x 200 mid-grey RGB pixels
    const raw = { width: 300, height: 200, channels: 3 as const };
    const pixels = Buffer.alloc(raw.width * raw.height * raw.channels, 128);

    // Act
    const prepared = await preparePage({ image: pixels, raw }, limits);

    // Assess
    expect(prepared.source).toEqual({ width: 300, height: 200 });
    expect(prepared.ocr).toEqual({ width: 900, height: 600 });
  });

  it("refuses an SVG, which sharp could render but shoebox does not take as a photo", async () => {
    const svg = Buffer.from(slipSvg(bakeryReceipt.lines));
    expect(await refusal(preparePage({ image: svg }, limits))).toEqual({
      name: "ReceiptUnreadable",
      message: expect.stringMatching(
        /^the receipt's file \(svg\) is not a receipt image; upload a photo of the receipt \(JPEG, PNG, /,
      ),
    });
  });

  it("refuses bytes that are no image, saying what to upload", async () => {
    const text = Buffer.from("Receipt: total 12.70, thanks!\n".repeat(20));
    expect(await refusal(preparePage({ image: text }, limits))).toEqual({
      name: "ReceiptUnreadable",
      message: "the receipt's file is not an image; upload a photo of the receipt (JPEG or PNG)",
    });
  });

  it("refuses a truncated JPEG as damaged", async () => {
    const photo = await phonePhoto(bakeryReceipt, 600);
    const truncated = photo.subarray(0, Math.floor(photo.length / 2));
    expect(await refusal(preparePage({ image: truncated }, limits))).toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringContaining("damaged or incomplete"),
    });
  });

  it("refuses an image over the pixel limit from its header", async () => {
    const photo = await phonePhoto(bakeryReceipt, 600);
    expect(await refusal(preparePage({ image: photo }, { maxInputPixels: 10_000 }))).toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringContaining("more pixels than a receipt photo may have"),
    });
  });

  it("refuses an empty file", async () => {
    expect(await refusal(preparePage({ image: new Uint8Array() }, limits))).toMatchObject({
      name: "ReceiptUnreadable",
      message: "the receipt's file is empty; upload the photo again",
    });
  });
});
