/*
 * The date of the purchase, from the dates a receipt prints. Receipts also print dates that are
 * not the purchase: a return deadline, a coupon's expiry, a best-before. A labelled date
 * ("Date:", "Datum") is preferred, then the first one; a date read as printed before one whose
 * misread digits had to be repaired.
 */
import { type PrintedDate, REPAIRED_DATE_FACTOR, type ReadDate, resolveDate } from "./dates.ts";
import type { ReceiptLocale } from "./locale.ts";
import type { ReceiptLine } from "./receipt-lines.ts";

export interface ReadReceiptDate {
  line: ReceiptLine;
  printed: PrintedDate;
  read: ReadDate;
  /** The label printed before the date ("Date:"), when there is one. */
  label: string | undefined;
  /** 0-1: how sure we are that this is the purchase date (OCR and day/month order aside). */
  certainty: number;
}

const NOT_THE_PURCHASE =
  /\b(?:valid|expir\w*|exp|return\w*|retour\w*|umtausch\w*|best before|use by|mhd|gültig|gueltig|bis|until|due|fällig|faellig|échéance|echeance|birth|geburt\w*)\b/iu;
const DATE_LABEL =
  /\b(?:date|datum|fecha|data|dated|le|am|purchase date|transaction date|kaufdatum|belegdatum)\b\s*[:.]?\s*$/iu;

/**
 * The purchase date, or `undefined` when the receipt prints no real date (31/02/2025 is none).
 *
 * @example
 * readReceiptDate(lines, { currency: { code: "EUR", certainty: 0.97 }, decimalSeparator: "," });
 * // { read: { iso: "2025-03-14", certainty: 1 }, printed: { text: "14.03.25", ... }, certainty: 0.9, ... }
 */
export const readReceiptDate = (
  lines: readonly ReceiptLine[],
  locale: ReceiptLocale,
): ReadReceiptDate | undefined => {
  const candidates = lines.flatMap((line) =>
    NOT_THE_PURCHASE.test(line.text)
      ? []
      : line.dates.flatMap((printed) => {
          const read = resolveDate(printed, locale);
          if (read === undefined) return [];
          const label = DATE_LABEL.exec(line.text.slice(0, printed.start))?.[0].replace(/[\s:.]+$/, "");
          return [{ line, printed, read, label }];
        }),
  );
  const asPrinted = candidates.filter((candidate) => !candidate.printed.repaired);
  const pool = asPrinted.length > 0 ? asPrinted : candidates;
  const labelled = pool.find((candidate) => candidate.label !== undefined);
  const chosen = labelled ?? pool[0];
  if (chosen === undefined) return undefined;
  const distinctDates = new Set(candidates.map((candidate) => candidate.read.iso)).size;
  // Several different dates and no label: the first is usually, not always, the purchase.
  const certainty =
    (labelled ? 0.95 : distinctDates === 1 ? 0.92 : 0.8) *
    (chosen.printed.repaired ? REPAIRED_DATE_FACTOR : 1);
  return { ...chosen, certainty };
};
