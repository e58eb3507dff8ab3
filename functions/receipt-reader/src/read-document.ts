import { analyzeExpenseOfText, normaliseExpense, type OcrLine } from "@shoebox/receipt-reading";
import type { ReceiptReading } from "@shoebox/schemas";
import {
  assertReadableType,
  type DecodeLimits,
  type DocumentPage,
  documentPagesOf,
} from "./document-pages.ts";
import { recognizeLines } from "./ocr-engine.ts";
import { type PageSize, preparePage } from "./prepare-page.ts";

/** The limits of the function's configuration, for callers without one (the accuracy benchmark). */
export const DEFAULT_READ_LIMITS: DecodeLimits = {
  maxInputPixels: 50_000_000,
  maxDecodeBytes: 512 * 1024 * 1024,
};

/** What reading one page took, for the log: sizes, timings and confidence, never the text. */
export interface PageStats {
  /** The page image's size, upright, and the size it was OCR'd at; null for a page of text. */
  source: PageSize | null;
  ocr: PageSize | null;
  prepareMs: number;
  ocrMs: number;
  lines: number;
  characters: number;
  /** Mean line confidence, 0-100; null when nothing was read. */
  meanConfidence: number | null;
}

const linesStats = (lines: readonly OcrLine[]) => ({
  lines: lines.length,
  characters: lines.reduce((sum, line) => sum + line.text.length, 0),
  meanConfidence:
    lines.length === 0
      ? null
      : Math.round(lines.reduce((sum, line) => sum + line.confidence, 0) / lines.length),
});

/** One page's lines: OCR'd from its image, or as they are when the document had them as text. */
const readPage = async (
  page: DocumentPage,
  limits: DecodeLimits,
): Promise<{ lines: OcrLine[]; stats: PageStats }> => {
  if ("lines" in page) {
    const stats = { source: null, ocr: null, prepareMs: 0, ocrMs: 0, ...linesStats(page.lines) };
    return { lines: page.lines, stats };
  }
  const started = performance.now();
  const prepared = await preparePage(page, limits);
  const prepareMs = Math.round(performance.now() - started);
  const lines = await recognizeLines(prepared.png);
  const ocrMs = Math.round(performance.now() - started) - prepareMs;
  return {
    lines,
    stats: { source: prepared.source, ocr: prepared.ocr, prepareMs, ocrMs, ...linesStats(lines) },
  };
};

/**
 * Reads a receipt document into the workflow's reading, with what each page took. Pages are
 * read one after another (documentPagesOf decodes the next only when asked): one engine, and
 * one page's pixels in memory at a time. A blank PDF page is skipped and not counted.
 *
 * @example
 * const { reading, pages } = await readReceiptWithStats(bytes, "image/jpeg", DEFAULT_READ_LIMITS);
 */
export const readReceiptWithStats = async (
  bytes: Uint8Array,
  contentType: string,
  limits: DecodeLimits,
): Promise<{ reading: ReceiptReading; pages: PageStats[] }> => {
  assertReadableType(contentType);
  const pageLines: OcrLine[][] = [];
  const pages: PageStats[] = [];
  for await (const page of documentPagesOf(bytes, limits)) {
    const { lines, stats } = await readPage(page, limits);
    pageLines.push(lines);
    pages.push(stats);
  }
  return { reading: normaliseExpense(analyzeExpenseOfText(pageLines), "local"), pages };
};

/**
 * Reads a receipt document (its bytes and the content type its upload declared) into the
 * workflow's reading: each page's text layer as it is (a PDF printed from software), or its
 * image prepared for OCR and OCR'd with tesseract (a photo, a HEIC, a scanned PDF page); the
 * lines parsed into Textract's AnalyzeExpense shape and normalised as any reader's answer is.
 * No AWS call. The declared type only refuses what is no receipt (SVG, text); the bytes say
 * how the file is decoded.
 *
 * Throws ReceiptUnreadable (a PermanentError) when the document cannot be read: not an image,
 * damaged, over a limit, an encrypted PDF or one with scripts, a PDF with nothing on its pages.
 *
 * @example
 * const reading = await readReceiptDocument(jpegBytes, "image/jpeg");
 * reading.total; // { value: 12.7, confidence: 0.93 }
 */
export const readReceiptDocument = async (
  bytes: Uint8Array,
  contentType: string,
  limits: DecodeLimits = DEFAULT_READ_LIMITS,
): Promise<ReceiptReading> => (await readReceiptWithStats(bytes, contentType, limits)).reading;
