import { readFileSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { type ReceiptFixture, slipSvg } from "./receipts.ts";

/*
 * Receipts as documents: the HEIC this folder commits (tests/fixtures/make-fixtures.ts), the
 * PDFs @shoebox/document-decoding commits (its tests/fixtures: a text-layer receipt, an
 * encrypted one, one with JavaScript...), and PDFs made here with pdf-lib from rendered slips.
 */

/** The bakery slip as an iPhone stores it: HEVC, pixels sideways, orientation 6 (make-fixtures.ts). */
export const heicReceipt = (): Buffer =>
  readFileSync(new URL("../fixtures/bakery-receipt.heic", import.meta.url));

/** A PDF fixture of @shoebox/document-decoding (its README lists them). */
export const decodingFixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../../packages/document-decoding/tests/fixtures/${name}`, import.meta.url));

/** What decodingFixture("text-receipt.pdf") says, as text drawn in Helvetica (no currency printed). */
export const textPdfReceipt = { total: 6.7, date: "2025-11-24" };

/**
 * A scanned receipt: one A4-wide page holding a JPEG of the slip on a flatbed (white, straight,
 * 200 dpi across an 80 mm slip), no text layer, as a scanner app writes it.
 */
export const scannedPdf = async (receipt: ReceiptFixture): Promise<Uint8Array> => {
  const scan = await sharp(Buffer.from(slipSvg(receipt.lines, { width: 630, tilt: 0 })))
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 85 })
    .toBuffer();
  const { width = 0, height = 0 } = await sharp(scan).metadata();
  const document = await PDFDocument.create({ updateMetadata: false });
  const image = await document.embedJpg(scan);
  // 200 dpi: 72 points an inch.
  const page = document.addPage([(width * 72) / 200, (height * 72) / 200]);
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  return document.save();
};

/** A PDF of blank pages: nothing drawn on any of them. */
export const blankPdf = async (pages = 2): Promise<Uint8Array> => {
  const document = await PDFDocument.create({ updateMetadata: false });
  for (let page = 0; page < pages; page++) document.addPage([595, 842]);
  return document.save();
};
