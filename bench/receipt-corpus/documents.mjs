/*
 * One corpus file per receipt, by its style: `clean` a PNG scan, `photo` a JPEG phone photo,
 * `pdf` an e-receipt with a text layer or a scanned page inside a PDF, `heic` an iPhone-style
 * HEIC photo. Returns the bytes, the content type a client would upload them as, and how the
 * file was made (for the manifest, so a failure can be traced to its conditions).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { imagePdf, textPdf } from "./pdf.mjs";
import { receiptLines } from "./receipts.mjs";
import { renderCleanScan, renderPhoto, renderScannedPage, typefaceOf } from "./render.mjs";

const corpusDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(corpusDir, "..", "..");
const python = path.join(repoRoot, ".venv", "bin", "python");
const HEIC_QUALITY = 50;

/** An 80 mm e-receipt page: Courier 7.5 pt, 42 columns between 18 pt margins. */
const PAGE = { width: 226.77, margin: 18, size: 7.5, bigSize: 9.5, lineHeight: 10, bigLineHeight: 13 };
const courierWidth = (text, size) => text.length * size * 0.6;

/** The receipt's printed lines as PDF text runs, over `pageCount` pages of equal share. */
const receiptPdfPages = (receipt, pageCount) => {
  const lines = receiptLines(receipt);
  const perPage = Math.ceil(lines.length / pageCount);
  return Array.from({ length: pageCount }, (_, pageIndex) => {
    const pageLines = lines.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
    const height =
      2 * PAGE.margin +
      pageLines.reduce((sum, line) => sum + (line.big ? PAGE.bigLineHeight : PAGE.lineHeight), 0);
    let y = height - PAGE.margin;
    const runs = [];
    for (const line of pageLines) {
      y -= line.big ? PAGE.bigLineHeight : PAGE.lineHeight;
      const size = line.big ? PAGE.bigSize : PAGE.size;
      const run = (x, value) => runs.push({ x, y, size, bold: line.bold, text: value });
      if (line.type === "rule") run(PAGE.margin, "-".repeat(42));
      if (line.left) run(PAGE.margin, line.left);
      if (line.right) run(PAGE.width - PAGE.margin - courierWidth(line.right, size), line.right);
      if (line.center) run((PAGE.width - courierWidth(line.center, size)) / 2, line.center);
    }
    return { width: PAGE.width, height, runs };
  });
};

/** PNG bytes to HEIC through pillow-heif (see encode-heic.py for why not sharp). */
const encodeHeic = (png) =>
  new Promise((resolve, reject) => {
    if (!existsSync(python))
      return reject(new Error(`${python} is missing: run make setup (the HEIC receipts need pillow-heif)`));
    const child = execFile(
      python,
      [path.join(corpusDir, "encode-heic.py"), String(HEIC_QUALITY)],
      { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `HEIC encoding failed (is pillow-heif installed? .venv/bin/pip install pillow-heif): ${stderr.toString().trim() || error.message}`,
            ),
          );
        else resolve(stdout);
      },
    );
    child.stdin.end(png);
  });

/**
 * The receipt's file.
 *
 * @example
 * const { file, contentType, bytes } = await renderDocument(planReceipt(corpusLayout()[0]));
 */
export const renderDocument = async (receipt) => {
  const typeface = typefaceOf(receipt);
  switch (receipt.style) {
    case "clean":
      return {
        file: receipt.file,
        contentType: "image/png",
        bytes: await renderCleanScan(receipt),
        made: { typeface, scan: "white, straight, 240 DPI, PNG" },
      };
    case "photo": {
      const { bytes, conditions } = await renderPhoto(receipt);
      return { file: receipt.file, contentType: "image/jpeg", bytes, made: { typeface, ...conditions } };
    }
    case "heic": {
      const { bytes: png, conditions } = await renderPhoto(receipt, { format: "png" });
      return {
        file: receipt.file,
        contentType: "image/heic",
        bytes: await encodeHeic(png),
        made: { typeface, ...conditions, jpegQuality: undefined, heicQuality: HEIC_QUALITY },
      };
    }
    case "pdf": {
      if (receipt.pdfText) {
        const pages = receiptPdfPages(receipt, receipt.items.length > 40 ? 2 : 1);
        return {
          file: receipt.file,
          contentType: "application/pdf",
          bytes: textPdf(pages),
          made: { typeface: "Courier", pdf: `text layer, ${pages.length} page(s)` },
        };
      }
      const page = await renderScannedPage(receipt);
      const { channels } = await sharp(page.jpeg).metadata();
      return {
        file: receipt.file,
        contentType: "application/pdf",
        bytes: imagePdf({ ...page, channels }),
        made: { typeface, pdf: "scanned page: greyscale JPEG, 200 DPI, no text layer" },
      };
    }
    default:
      throw new Error(`unknown style ${receipt.style}`);
  }
};
