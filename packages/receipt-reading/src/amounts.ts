/*
 * Money as receipts print it: 12.50, 1,234.56, 1.234,56, 12,50, € 12,50, 12.50 EUR, $12.50,
 * -1.00, 1.00-, (1.00). Finding amounts and reading their value are two steps, because the value
 * of "1,250" depends on the receipt's decimal separator, known only once every amount is found.
 */
import { CURRENCY_MARKER_PATTERN, currencyOfMarker, minorUnitsOf } from "./currency.ts";
import type { DecimalSeparator } from "./decimal-separator.ts";
import type { ReadCurrency } from "./locale.ts";

/** An amount as printed on a line, before the receipt's number format says what it is worth. */
export interface PrintedAmount {
  /** As printed, with its currency marker and sign: "€ 12,50", "1.00-". */
  text: string;
  /** Where `text` starts and ends in the line. */
  start: number;
  end: number;
  /** The number alone: "1.234,56". */
  digits: string;
  negative: boolean;
  /** The currency of a marker printed with the amount. */
  currency: ReadCurrency | undefined;
  /** A price per unit of weight or count ("1,99 EUR/kg"), not a line's amount. */
  perUnit: boolean;
  /** Printed on its own, spaces (or the line's ends) around it: not part of "1-2-3" or "No.5". */
  isolated: boolean;
}

export interface ReadAmount extends PrintedAmount {
  value: number;
}

export interface AmountFormat {
  decimalSeparator: DecimalSeparator;
  /** The receipt's currency: its minor units decide whether 1,234 or 1200 can be money. */
  currencyCode: string | undefined;
  /**
   * The text is known to be an amount (a Textract TOTAL's value): integers and one decimal are
   * read too. On free OCR text they are quantities, SKUs and years far more often than money.
   */
  knownAmount?: boolean;
}

// Grouped thousands first ("1,234.56"), then plain numbers ("1234.56", "12,50", "4").
const NUMBER = String.raw`\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{1,3})?|\d{1,9}(?:[.,]\d{1,3})?`;
const MARKER = `(?:${CURRENCY_MARKER_PATTERN})`;
// A leading minus, but not the end of a dash leader ("TOTAL ----- 12.50") or of a word; a marker
// after the number, unless it is the next amount's ("£1.25 £6.25").
const AMOUNT = new RegExp(
  String.raw`(?<lead>(?<![-=_.\w])-\s?)?(?<open>\()?(?:(?<pre>${MARKER})\s?(?<innerMinus>-)?)?` +
    String.raw`(?<!\d)(?<!\d[.,])(?<number>${NUMBER})(?![.,']?\d)` +
    String.raw`(?:\s?(?<post>${MARKER})(?!\s?[-(]?\d))?(?<close>\))?(?<trail>-(?![-\d]))?` +
    String.raw`(?<perUnit>\s?/\s?(?:kg|g|100\s?g|lb|lbs|oz|l|ltr|m|st|stk|pc|pcs|ea)\b)?`,
  "g",
);
// A number followed by a unit is a weight or a size, never money: "1.20 lb", "0,75 l".
const UNIT_AFTER = /^\s?(?:kg|g|lb|lbs|oz|l|ml|cl|ltr|mm|cm|m|km|kwh|%)(?![A-Za-z])/i;
// A quantity before "x" or "@" ("2 x 1,29") is a count, even when it looks like money.
const TIMES_AFTER = /^\s?(?:x|×|@)(?![A-Za-z])/i;

/**
 * Every amount-shaped number in a line, in order, with its marker and sign. Dates, times, phone
 * numbers and percentages should be masked first (masks.ts): "14.03.25" is no amount.
 */
export const findPrintedAmounts = (line: string): PrintedAmount[] => {
  const found: PrintedAmount[] = [];
  for (const match of line.matchAll(AMOUNT)) {
    const groups = match.groups ?? {};
    const digits = groups.number ?? "";
    const start = match.index;
    const numberStart =
      start + match[0].indexOf(digits, (groups.lead?.length ?? 0) + (groups.pre?.length ?? 0));
    const before = line.slice(0, numberStart);
    const after = line.slice(numberStart + digits.length);
    // Letters glued to the front ("A12.50", "ST#1234") make a code, unless a marker is ("EUR12,50").
    if (groups.pre === undefined && /[A-WYZa-wyz]$/.test(before)) continue;
    if (groups.post === undefined && groups.perUnit === undefined && UNIT_AFTER.test(after)) continue;
    if (groups.post === undefined && TIMES_AFTER.test(after) && !/[.,]\d{2}$/.test(digits)) continue;
    const marker = groups.pre ?? groups.post;
    const parenthesised = groups.open !== undefined && groups.close !== undefined;
    // A lone bracket belongs to the text around the amount ("(2 x 1.50"), not to the amount.
    let text = match[0];
    let textStart = start;
    if (groups.open !== undefined && !parenthesised) {
      const cut = text.indexOf("(") + 1;
      text = text.slice(cut);
      textStart += cut;
    }
    if (groups.close !== undefined && !parenthesised) text = text.slice(0, text.lastIndexOf(")"));
    const leading = text.length - text.trimStart().length;
    found.push({
      text: text.trim(),
      start: textStart + leading,
      end: textStart + leading + text.trim().length,
      digits,
      negative:
        parenthesised ||
        groups.lead !== undefined ||
        groups.innerMinus !== undefined ||
        (groups.trail !== undefined && groups.perUnit === undefined),
      currency: marker !== undefined ? currencyOfMarker(marker) : undefined,
      perUnit: groups.perUnit !== undefined,
      isolated:
        /(?:^|\s)$/.test(line.slice(0, textStart + leading)) &&
        /^(?:\s|$)/.test(line.slice(textStart + leading + text.trim().length)),
    });
  }
  return found;
};

/**
 * The value of a printed number under a decimal separator, with its count of decimals; `undefined`
 * when the grouping is impossible ("1.2.50"). A last separator followed by one or two digits is
 * always the decimal point: OCR swaps "." and "," and no thousands group has two digits.
 *
 * @example
 * numberOf("1.234,56", ","); // { value: 1234.56, decimals: 2 }
 * numberOf("1,250", ",");    // { value: 1.25, decimals: 3 }  (a weight, on a decimal-comma receipt)
 * numberOf("1,250", ".");    // { value: 1250, decimals: 0 }
 */
export const numberOf = (
  digits: string,
  decimalSeparator: DecimalSeparator,
): { value: number; decimals: number } | undefined => {
  const separators = [...digits.matchAll(/[.,']/g)];
  const last = separators.at(-1);
  let integerPart = digits;
  let fraction = "";
  if (last !== undefined) {
    const decimals = digits.length - last.index - 1;
    const isDecimalPoint =
      last[0] !== "'" && (decimals <= 2 || (decimals === 3 && last[0] === decimalSeparator));
    if (isDecimalPoint) {
      integerPart = digits.slice(0, last.index);
      fraction = digits.slice(last.index + 1);
    }
  }
  const groups = integerPart.split(/[.,']/);
  const [first, ...rest] = groups;
  if (first === undefined || first.length === 0) return undefined;
  if (rest.length > 0 && (first.length > 3 || rest.some((group) => group.length !== 3))) return undefined;
  const value = Number(`${groups.join("")}${fraction ? `.${fraction}` : ""}`);
  return Number.isFinite(value) ? { value, decimals: fraction.length } : undefined;
};

/**
 * A printed amount's value under the receipt's format, or `undefined` when, under that format,
 * it is not money: a weight with three decimals, a bare integer (a quantity or an SKU) on free
 * text, or a number with more decimals than its currency has.
 */
export const moneyValueOf = (amount: PrintedAmount, format: AmountFormat): number | undefined => {
  const number = numberOf(amount.digits, format.decimalSeparator);
  if (!number) return undefined;
  const marked = amount.currency !== undefined || format.knownAmount === true;
  const currencyDigits = minorUnitsOf(amount.currency?.code ?? format.currencyCode);
  const isMoney =
    number.decimals === 2 ||
    (number.decimals === 1 && marked) ||
    (number.decimals === 3 && marked && currencyDigits === 3) ||
    // Yen and won are printed without decimals: there a lone integer is money too.
    (number.decimals === 0 && (marked || (currencyDigits === 0 && amount.isolated)));
  if (!isMoney) return undefined;
  return amount.negative ? -number.value : number.value;
};

/** Every amount of a line that is money under the receipt's format, in order. */
export const readAmounts = (printed: readonly PrintedAmount[], format: AmountFormat): ReadAmount[] =>
  printed.flatMap((amount) => {
    const value = moneyValueOf(amount, format);
    return value === undefined ? [] : [{ ...amount, value }];
  });

/**
 * The amount a text known to hold one says (a Textract value: "$12.50", "12,50 €", "($136.80)"):
 * the last amount in it, integers and one decimal allowed.
 *
 * @example
 * parseAmountText("TOTAL $1,234.56", { decimalSeparator: ".", currencyCode: "USD" })?.value; // 1234.56
 */
export const parseAmountText = (text: string, format: AmountFormat): ReadAmount | undefined =>
  readAmounts(findPrintedAmounts(text), { ...format, knownAmount: true }).at(-1);

/** Two amounts are the same money when they differ by less than half a cent. */
export const sameMoney = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;
