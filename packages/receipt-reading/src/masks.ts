/*
 * Numbers on a receipt that look like money and are not: dates (14.03.25), times (10.42 Uhr),
 * rates (19,0 %), phone numbers (555.123.4567, 01 23 45 67 89) and card numbers. They are
 * blanked out (same length, so positions stay valid) before amounts are looked for.
 */
import { findPrintedDates } from "./dates.ts";

const NOT_MONEY: readonly RegExp[] = [
  /\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s?(?:Uhr|h)\b/gi,
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?/g,
  /\d+(?:[.,]\d+)?\s?%/g,
  /\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b/g,
  /(?<![\d.,])\d{3}[-.]\d{3}[-.]\d{4}\b/g,
  /\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}/g,
  /(?<![\d.,])0\d(?:[\s.]\d{2}){4}(?![\d.,])/g,
  /[*Xx#]{4,}\s?\d{4}\b/g,
];

const blank = (text: string, start: number, end: number): string =>
  text.slice(0, start) + " ".repeat(end - start) + text.slice(end);

/**
 * A line with everything that is not money blanked out.
 *
 * @example
 * maskNonMoney("14.03.25 10:42 MwSt 19% 1,99"); // "               MwSt     1,99"
 */
export const maskNonMoney = (line: string): string => {
  let masked = line;
  for (const date of findPrintedDates(masked)) masked = blank(masked, date.start, date.end);
  for (const pattern of NOT_MONEY) {
    masked = masked.replace(pattern, (match) => " ".repeat(match.length));
  }
  return masked;
};
