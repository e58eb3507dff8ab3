import { afterAll, describe, expect, it } from "vitest";
import { stopOcrEngine } from "../../src/ocr-engine.ts";
import { DEFAULT_READ_LIMITS, readReceiptWithStats } from "../../src/read-document.ts";
import { decodingFixture, heicReceipt, scannedPdf, textPdfReceipt } from "../helpers/documents.ts";
import { bakeryReceipt, dinerReceipt, shadedPhoto } from "../helpers/receipts.ts";

/*
 * HEIC and PDF receipts read end to end, without AWS: decoded by @shoebox/document-decoding,
 * OCR'd by the function's engine where they are pictures (two receipts, about a second each);
 * and a shaded photo, read twice.
 */
afterAll(async () => {
  await stopOcrEngine();
});

describe("readReceiptWithStats on HEIC and PDF", () => {
  it("reads a HEIC phone photo, stored sideways, by OCR: total, date and currency", async () => {
    // Act
    const { reading, pages } = await readReceiptWithStats(heicReceipt(), "image/heic", DEFAULT_READ_LIMITS);

    // Assess
    expect(reading).toMatchObject({
      reader: "local",
      total: { value: bakeryReceipt.expected.total },
      date: { value: bakeryReceipt.expected.date },
      currency: { value: bakeryReceipt.expected.currency },
      pages: 1,
    });
    expect(pages[0]?.source).toEqual({ width: 900, height: 848 });
    // Every headline field read the first time: not read again
    expect(pages[0]?.secondOcrMs).toBeNull();
  });

  it("reads a PDF's text layer without OCR, whatever type its upload declared", async () => {
    // Act: uploaded as a JPEG; the bytes say PDF
    const { reading, pages } = await readReceiptWithStats(
      decodingFixture("text-receipt.pdf"),
      "image/jpeg",
      DEFAULT_READ_LIMITS,
    );

    // Assess: no page image, no OCR time, the text's own confidence
    expect(reading).toMatchObject({
      total: { value: textPdfReceipt.total },
      date: { value: textPdfReceipt.date },
      pages: 1,
    });
    expect(pages).toEqual([
      {
        source: null,
        ocr: null,
        prepareMs: 0,
        ocrMs: 0,
        secondOcrMs: null,
        lines: 6,
        characters: expect.any(Number),
        meanConfidence: 100,
      },
    ]);
  });

  it("OCRs a scanned PDF page: its image, taken out of the PDF", async () => {
    // Act
    const { reading, pages } = await readReceiptWithStats(
      await scannedPdf(dinerReceipt),
      "application/pdf",
      DEFAULT_READ_LIMITS,
    );

    // Assess
    expect(reading).toMatchObject({
      total: { value: dinerReceipt.expected.total },
      date: { value: dinerReceipt.expected.date },
      currency: { value: dinerReceipt.expected.currency },
      pages: 1,
    });
    // The scan's own pixels, enlarged for OCR
    expect(pages[0]?.source).toMatchObject({ width: 630 });
    expect(pages[0]?.ocr?.width).toBeGreaterThan(630);
  });

  it("refuses a declared type that is no receipt before reading a byte", async () => {
    await expect(
      readReceiptWithStats(decodingFixture("text-receipt.pdf"), "image/svg+xml", DEFAULT_READ_LIMITS),
    ).rejects.toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringMatching(/is not a receipt image/),
    });
  });
});

describe("readReceiptWithStats: a second reading for what the first missed", () => {
  it("reads a photo shaded on one side twice: the local threshold finds its date and merchant", async () => {
    // Act: the first reading loses the shaded left half: the date, most of the merchant's name
    const { reading, pages } = await readReceiptWithStats(
      await shadedPhoto(bakeryReceipt),
      "image/jpeg",
      DEFAULT_READ_LIMITS,
    );

    // Assess
    expect(reading).toMatchObject({
      merchant: { value: "CORNER BAKERY" },
      date: { value: bakeryReceipt.expected.date },
      total: { value: bakeryReceipt.expected.total },
      currency: { value: bakeryReceipt.expected.currency },
    });
    expect(pages[0]?.secondOcrMs).toEqual(expect.any(Number));
  });
});
