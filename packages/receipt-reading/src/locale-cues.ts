/*
 * What a receipt's printing says about its country when it prints no currency: how it writes
 * dates and decimals, and whether it names VAT. Each cue alone says little; together they make
 * a currency a fair guess (currency.ts).
 */
import type { PrintedDate } from "./dates.ts";
import { separatorEvidenceOf } from "./decimal-separator.ts";

export interface LocaleCues {
  /** Weight of the printed numbers that show a decimal comma ("12,50"), as decimal-separator.ts weighs them. */
  decimalCommaWeight: number;
  /** A numeric date printed day first: dotted (14.03.25, the continental style) or with a day above 12 first (31/10/23). */
  dayFirstDate: boolean;
  /** A slashed date that reads day first (14/03/2025, and 06/04/2023 too): the British style. */
  slashedDayFirstDate: boolean;
  /** A numeric date only month first reads (01/17/2025): the American style. */
  monthFirstDate: boolean;
  /** The word VAT (a VAT line, a VAT number): the UK, Ireland, and a few countries more. */
  vat: boolean;
}

/** No cue at all: what a Textract answer, which has no free text, gives. */
export const NO_LOCALE_CUES: LocaleCues = {
  decimalCommaWeight: 0,
  dayFirstDate: false,
  slashedDayFirstDate: false,
  monthFirstDate: false,
  vat: false,
};

/** Whether a day/month date can be read day first, and whether only that way. */
const dayMonthOrder = (
  date: PrintedDate,
): { dayFirst: boolean; onlyDayFirst: boolean; onlyMonthFirst: boolean } => {
  const [first, second] = date.parts ?? [0, 0];
  const dayFirst = first >= 1 && first <= 31 && second >= 1 && second <= 12;
  const monthFirst = first >= 1 && first <= 12 && second >= 1 && second <= 31;
  return { dayFirst, onlyDayFirst: dayFirst && !monthFirst, onlyMonthFirst: monthFirst && !dayFirst };
};

/**
 * The locale cues of a receipt's scanned lines: their texts, printed amounts and dates.
 *
 * @example
 * localeCuesOf(scanPages([[{ text: "Datum: 26.05.23", confidence: 90 }, { text: "Summe 4,59", confidence: 90 }]]));
 * // { decimalCommaWeight: 1, dayFirstDate: true, slashedDayFirstDate: false, monthFirstDate: false, vat: false }
 */
export const localeCuesOf = (
  lines: readonly {
    text: string;
    printedAmounts: readonly { digits: string }[];
    dates: readonly PrintedDate[];
  }[],
): LocaleCues => {
  const numericDates = lines.flatMap((line) => line.dates).filter((date) => date.parts !== undefined);
  const orders = numericDates.map((date) => ({ date, ...dayMonthOrder(date) }));
  return {
    decimalCommaWeight: lines
      .flatMap((line) => line.printedAmounts.map((amount) => amount.digits))
      .reduce((weight, digits) => {
        const evidence = separatorEvidenceOf(digits);
        return weight + (evidence?.separator === "," ? evidence.weight : 0);
      }, 0),
    dayFirstDate: orders.some(
      ({ date, dayFirst, onlyDayFirst }) => onlyDayFirst || (dayFirst && date.separator === "."),
    ),
    slashedDayFirstDate: orders.some(({ date, dayFirst }) => dayFirst && date.separator === "/"),
    monthFirstDate: orders.some(({ onlyMonthFirst }) => onlyMonthFirst),
    vat: lines.some((line) => /\bVAT\b/i.test(line.text)),
  };
};
