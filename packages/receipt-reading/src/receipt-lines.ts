/*
 * OCR lines as the parsers use them: repaired, their amounts, dates and label found, then their
 * amounts valued once the whole receipt's number format is known.
 */
import {
  type AmountFormat,
  findPrintedAmounts,
  type PrintedAmount,
  type ReadAmount,
  readAmounts,
} from "./amounts.ts";
import { clampCertainty } from "./confidence.ts";
import { findPrintedDates, type PrintedDate } from "./dates.ts";
import { type LineLabel, labelOf, SUMMARY_KINDS } from "./labels.ts";
import { maskNonMoney } from "./masks.ts";
import type { OcrLine } from "./ocr-line.ts";
import { repairOcrLine } from "./ocr-text.ts";

/** Leaders and decoration between a label and its amount: "TOTAL ......:", "Milch ---". */
const LEADERS = /^[\s.:_*=~#|>-]+|[\s.:_*=~#|>-]+$/g;

export interface ScannedLine {
  /** 1-based, as Textract numbers pages. */
  page: number;
  /** The repaired text. */
  text: string;
  /** The OCR engine's confidence in the line, 0-1. */
  confidence: number;
  printedAmounts: PrintedAmount[];
  dates: PrintedDate[];
  /** The text without its amounts, leaders trimmed: what the label is read from. */
  words: string;
  label: LineLabel | undefined;
}

export interface ReceiptLine extends ScannedLine {
  /** The line's amounts that are money under the receipt's format, in order. */
  amounts: ReadAmount[];
  /** The words before the line's last amount, leaders trimmed ("SUMME", "Milch 1,5%"). */
  labelText: string;
}

const withoutSpans = (text: string, spans: readonly { start: number; end: number }[]): string => {
  let rest = text;
  for (const { start, end } of [...spans].sort((a, b) => b.start - a.start)) {
    rest = `${rest.slice(0, start)} ${rest.slice(end)}`;
  }
  return rest.replace(/\s+/g, " ").replace(LEADERS, "");
};

/**
 * Every page's lines in reading order, repaired and scanned. A line holding several lines of
 * text ("\n") is split; its confidence holds for each.
 */
export const scanPages = (pages: readonly (readonly OcrLine[])[]): ScannedLine[] =>
  pages.flatMap((lines, pageIndex) =>
    lines.flatMap((line) =>
      String(line?.text ?? "")
        .split(/\r?\n/)
        .map(repairOcrLine)
        .filter((text) => text.length > 0)
        .map((text) => {
          const printedAmounts = findPrintedAmounts(maskNonMoney(text));
          const words = withoutSpans(text, printedAmounts);
          return {
            page: pageIndex + 1,
            text,
            confidence: clampCertainty(Number(line?.confidence) / 100),
            printedAmounts,
            dates: findPrintedDates(text),
            words,
            label: labelOf(words),
          };
        }),
    ),
  );

/**
 * The scanned lines with their amounts valued under the receipt's format. A summary label alone
 * on its line ("TOTAL") takes an amount printed alone on the next line, as narrow receipts and
 * column-split OCR print them.
 */
export const readReceiptLines = (scanned: readonly ScannedLine[], format: AmountFormat): ReceiptLine[] => {
  const lines: ReceiptLine[] = [];
  for (let index = 0; index < scanned.length; index++) {
    const line = scanned[index];
    if (line === undefined) continue;
    let amounts = readAmounts(line.printedAmounts, format);
    let confidence = line.confidence;
    let borrowed = false;
    const next = scanned[index + 1];
    if (
      amounts.length === 0 &&
      line.label &&
      SUMMARY_KINDS.has(line.label.kind) &&
      next &&
      next.page === line.page
    ) {
      const nextAmounts = readAmounts(next.printedAmounts, format);
      // Only an amount alone on its line: a table row under a header of labels is not the header's.
      if (nextAmounts.length === 1 && next.label === undefined && !/\p{L}/u.test(next.words)) {
        amounts = nextAmounts;
        confidence = Math.min(confidence, next.confidence);
        borrowed = true;
        index++;
      }
    }
    const last = amounts.at(-1);
    const labelText =
      last !== undefined && !borrowed ? withoutSpans(line.text.slice(0, last.start), []) : line.words;
    lines.push({ ...line, confidence, amounts, labelText });
  }
  return lines;
};
