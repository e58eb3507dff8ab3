import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { recognizeLines, stopOcrEngine } from "../../src/ocr-engine.ts";
import { preparePage } from "../../src/prepare-page.ts";
import { bakeryReceipt, shadedPhoto, slipSvg } from "../helpers/receipts.ts";

/*
 * The engine on real pixels: one rendered slip (about a second of OCR). It is the engine of
 * the function: English LSTM data from the npm package, page segmentation 6.
 */
const limits = { maxInputPixels: 50_000_000 };

afterAll(async () => {
  await stopOcrEngine();
});

describe("recognizeLines", () => {
  it("keeps each label and its right-aligned amount on one line, top to bottom", async () => {
    // Prepare: the whole slip (page segmentation 3 and 4 take its amounts for a column apart)
    const slip = await sharp(Buffer.from(slipSvg(bakeryReceipt.lines)))
      .jpeg({ quality: 80 })
      .toBuffer();
    const { png } = await preparePage({ image: slip }, limits);

    // Act
    const lines = await recognizeLines(png);

    // Assess
    const texts = lines.map((line) => line.text.replace(/\s+/g, " "));
    expect(texts).toEqual(
      expect.arrayContaining([
        "2 x Croissant 5.00",
        "Flat white 3.20",
        "Sourdough loaf 4.50",
        "TOTAL GBP 12.70",
      ]),
    );
    expect(texts[0]).toBe("CORNER BAKERY");
    expect(texts.indexOf("Flat white 3.20")).toBeLessThan(texts.indexOf("TOTAL GBP 12.70"));
    for (const line of lines) {
      expect(line.confidence).toBeGreaterThan(50);
      expect(line.confidence).toBeLessThanOrEqual(100);
    }
  });

  it("reads print in a shadow with local binarisation, which the global threshold loses", async () => {
    // Prepare: the slip's left half in shadow, where its date is
    const { png } = await preparePage({ image: await shadedPhoto(bakeryReceipt) }, limits);

    // Act
    const textOf = async (binarisation: "global" | "local") =>
      (await recognizeLines(png, binarisation)).map((line) => line.text.replace(/\s+/g, " "));
    const global = await textOf("global");
    const local = await textOf("local");

    // Assess: the shaded print is black on black for one threshold, read by a local one
    expect(global.join("\n")).not.toContain("14/03/2026");
    expect(local).toEqual(expect.arrayContaining(["CORNER BAKERY", "Date 14/03/2026 10:42"]));
  });

  it("reads no lines from a blank page", async () => {
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: "white" } })
      .png()
      .toBuffer();
    expect(await recognizeLines(blank)).toEqual([]);
  });
});
