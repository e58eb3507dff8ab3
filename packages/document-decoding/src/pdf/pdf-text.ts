import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { checkPdfStructure, loadPdfStructure, type PdfLimits } from "./inspect-pdf.ts";
import { withPdfjsDocument } from "./pdfjs.ts";
import { linesInReadingOrder, type PlacedText } from "./text-lines.ts";

/** One page's text layer, as lines in reading order; no lines when the page has no text layer. */
export interface PdfTextPage {
  /** 1-based, as people count pages. */
  pageNumber: number;
  lines: string[];
}

/** The text runs pdfjs found on a page, placed: the baseline from the run's transform. */
export const pageTextLines = async (page: PDFPageProxy): Promise<string[]> => {
  const content = await page.getTextContent();
  const runs: PlacedText[] = [];
  for (const item of content.items) {
    if (!("str" in item)) continue; // marked-content boundaries
    const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
    runs.push({ text: item.str, x, y, width: item.width, height: item.height || Math.hypot(a, b) });
  }
  return linesInReadingOrder(runs);
};

/**
 * The text layer of every page of a PDF, as lines in reading order (runs grouped by baseline,
 * sorted left to right): what a receipt printed to PDF says, without OCR. A scanned page has
 * no text layer and gives no lines: pdfPageImage gives its picture instead.
 *
 * The PDF is inspected first (inspectPdf, with the same limits): an encrypted or active PDF, or
 * one over maxPages, is refused before pdfjs reads its content.
 *
 * @example
 * await pdfTextPages(bytes); // [{ pageNumber: 1, lines: ["SHOEBOX CAFE", "Espresso 2.50", "TOTAL 6.70"] }]
 */
export const pdfTextPages = async (bytes: Uint8Array, limits: PdfLimits = {}): Promise<PdfTextPage[]> => {
  const { pages } = checkPdfStructure(await loadPdfStructure(bytes), limits);
  return withPdfjsDocument(bytes, {}, async (document) => {
    const textPages: PdfTextPage[] = [];
    for (let pageNumber = 1; pageNumber <= pages; pageNumber++) {
      textPages.push({ pageNumber, lines: await pageTextLines(await document.getPage(pageNumber)) });
    }
    return textPages;
  });
};
