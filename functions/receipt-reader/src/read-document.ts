import { analyzeExpenseOfText, normaliseExpense, type OcrLine } from "@shoebox/receipt-reading";
import type { ReceiptReading } from "@shoebox/schemas";
import {
  assertReadableType,
  type DecodeLimits,
  type DocumentPage,
  documentPagesOf,
} from "./document-pages.ts";
import { type Binarisation, recognizeLines } from "./ocr-engine.ts";
import { type PageSize, preparePage } from "./prepare-page.ts";
import { mergeReadings, needsSecondOpinion } from "./second-opinion.ts";

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
  /** The second OCR of the page (second-opinion.ts), when the first reading left a field unread. */
  secondOcrMs: number | null;
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

/** A page as read: its lines, and the prepared image they were OCR'd from (none for a page of text). */
interface ReadPage {
  lines: OcrLine[];
  png: Buffer | undefined;
  stats: PageStats;
}

/** One page's lines: OCR'd from its image, or as they are when the document had them as text. */
const readPage = async (page: DocumentPage, limits: DecodeLimits): Promise<ReadPage> => {
  if ("lines" in page) {
    const stats = { source: null, ocr: null, prepareMs: 0, ocrMs: 0, secondOcrMs: null };
    return { lines: page.lines, png: undefined, stats: { ...stats, ...linesStats(page.lines) } };
  }
  const started = performance.now();
  const prepared = await preparePage(page, limits);
  const prepareMs = Math.round(performance.now() - started);
  const lines = await recognizeLines(prepared.png);
  const ocrMs = Math.round(performance.now() - started) - prepareMs;
  const { source, ocr } = prepared;
  return {
    lines,
    png: prepared.png,
    stats: { source, ocr, prepareMs, ocrMs, secondOcrMs: null, ...linesStats(lines) },
  };
};

/** The pages' lines once more: the OCR'd pages read again with `binarisation` (its time on their stats). */
const readAgain = async (pages: readonly ReadPage[], binarisation: Binarisation): Promise<OcrLine[][]> => {
  const pageLines: OcrLine[][] = [];
  for (const page of pages) {
    if (page.png === undefined) {
      pageLines.push(page.lines);
      continue;
    }
    const started = performance.now();
    pageLines.push(await recognizeLines(page.png, binarisation));
    page.stats.secondOcrMs = Math.round(performance.now() - started);
  }
  return pageLines;
};

const readingOf = (pageLines: OcrLine[][]): ReceiptReading =>
  normaliseExpense(analyzeExpenseOfText(pageLines), "local");

/**
 * Reads a receipt document into the workflow's reading, with what each page took. Pages are
 * read one after another (documentPagesOf decodes the next only when asked): one engine, and
 * one page's pixels in memory at a time (and each OCR'd page's prepared PNG, 1-2 MB, until the
 * end). A blank PDF page is skipped and not counted. When the reading leaves a headline field
 * unread, the OCR'd pages are read once more with local thresholding and the two readings
 * merged (second-opinion.ts).
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
  const pages: ReadPage[] = [];
  for await (const page of documentPagesOf(bytes, limits)) pages.push(await readPage(page, limits));
  const reading = readingOf(pages.map((page) => page.lines));
  const anyOcrd = pages.some((page) => page.png !== undefined);
  const merged =
    anyOcrd && needsSecondOpinion(reading)
      ? mergeReadings(reading, readingOf(await readAgain(pages, "local")))
      : reading;
  return { reading: merged, pages: pages.map((page) => page.stats) };
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
