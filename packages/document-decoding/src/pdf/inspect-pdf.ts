import { ParseSpeeds, PDFDocument } from "pdf-lib";
import { DocumentRefusedError } from "../errors.ts";
import { sniffDocumentType } from "../sniff.ts";
import { activeContentReason } from "./active-content.ts";

/** A receipt is a page or two; a long statement is not one, and every page costs OCR time. */
export const DEFAULT_MAX_PDF_PAGES = 10;

export interface PdfLimits {
  /** Pages a PDF may have, at most (default DEFAULT_MAX_PDF_PAGES). */
  maxPages?: number;
}

/** A page's size in PDF points (1/72 inch), as it is shown: its /Rotate applied. */
export interface PdfPageSize {
  width: number;
  height: number;
}

/** What a PDF that passed inspection is. */
export interface PdfInspection {
  pages: number;
  pageSizes: PdfPageSize[];
}

const corrupt = (cause?: unknown) =>
  new DocumentRefusedError(
    "CORRUPT",
    "the PDF is damaged or incomplete and could not be read; upload the original file again",
    { cause },
  );

/**
 * Parses a PDF's structure (not its content) with pdf-lib, for inspection: every object,
 * compressed object streams unpacked, encryption left in place so that it can be seen.
 */
export const loadPdfStructure = async (bytes: Uint8Array): Promise<PDFDocument> => {
  if (sniffDocumentType(bytes) !== "pdf") {
    throw new DocumentRefusedError("NOT_PDF", "the file is not a PDF, whatever its name says");
  }
  try {
    return await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
      // The default yields to the event loop every 100 objects, for browsers' sake.
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (error) {
    throw corrupt(error);
  }
};

/** Refuses what no receipt PDF needs; returns the page count and sizes of one that passes. */
export const checkPdfStructure = (
  document: PDFDocument,
  { maxPages = DEFAULT_MAX_PDF_PAGES }: PdfLimits,
): PdfInspection => {
  if (document.isEncrypted) {
    throw new DocumentRefusedError("PDF_ENCRYPTED", "the PDF is encrypted: upload it without a password");
  }
  const active = activeContentReason(document);
  if (active) {
    throw new DocumentRefusedError(
      "PDF_ACTIVE_CONTENT",
      `the PDF ${active}: upload a plain PDF of the receipt (print it to PDF again, or scan the paper)`,
    );
  }
  let pages: ReturnType<PDFDocument["getPages"]>;
  try {
    pages = document.getPages();
  } catch (error) {
    throw corrupt(error);
  }
  if (pages.length === 0) throw corrupt();
  if (pages.length > maxPages) {
    throw new DocumentRefusedError(
      "PDF_TOO_MANY_PAGES",
      `the PDF has ${pages.length} pages, more than the ${maxPages} a receipt may have: upload each receipt as a PDF of its own`,
    );
  }
  const pageSizes = pages.map((page) => {
    const { width, height } = page.getSize();
    const quarterTurned = Math.abs(page.getRotation().angle) % 180 === 90;
    return quarterTurned ? { width: height, height: width } : { width, height };
  });
  return { pages: pages.length, pageSizes };
};

/**
 * Reads a PDF's structure and refuses it, with a reason a person can act on, when it is
 * encrypted, active (JavaScript, /OpenAction or /AA scripts, /Launch, attachments other than an
 * e-invoice's XML; see active-content.ts) or longer than `maxPages`. Nothing is rendered.
 *
 * Throws a DocumentRefusedError: NOT_PDF, CORRUPT, PDF_ENCRYPTED, PDF_ACTIVE_CONTENT, PDF_TOO_MANY_PAGES.
 *
 * @example
 * const { pages, pageSizes } = await inspectPdf(bytes); // { pages: 1, pageSizes: [{ width: 595, height: 842 }] }
 */
export const inspectPdf = async (bytes: Uint8Array, limits: PdfLimits = {}): Promise<PdfInspection> =>
  checkPdfStructure(await loadPdfStructure(bytes), limits);
