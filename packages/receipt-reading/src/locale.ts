/*
 * What a receipt's locale says about its ambiguous dates: 03/04/2025 is the 3rd of April in
 * London and Berlin, the 4th of March in New York. The currency is the strongest cue we have, the
 * decimal comma the next; with neither, the separator style is all there is.
 */
import type { DecimalSeparator } from "./decimal-separator.ts";

/** A receipt's currency as read or inferred, with how sure we are of it. */
export interface ReadCurrency {
  /** ISO 4217. */
  code: string;
  /** 0-1: how sure the receipt is in this currency. */
  certainty: number;
}

/** Which part of an ambiguous numeric date (03/04/2025) is the day. */
export type DateOrder = "day-first" | "month-first";

/** The order to read ambiguous dates in, and how sure that is. */
export interface DateOrderHint {
  order: DateOrder;
  certainty: number;
}

/** Currencies of countries that write the month first. */
const MONTH_FIRST_CURRENCIES = new Set(["USD"]);
/** Currencies of countries that write either (Canada): no cue. */
const MIXED_ORDER_CURRENCIES = new Set(["CAD"]);
/** A currency read this surely is a cue; a guessed one (EUR from a decimal comma) is not. */
const CURRENCY_CUE_CERTAINTY = 0.6;
/**
 * A currency guessed from the receipt's cues (GBP from VAT and a DD/MM date) still says which
 * order its country writes, less surely than a printed one.
 */
const GUESSED_CURRENCY_CUE_CERTAINTY = 0.45;

export interface ReceiptLocale {
  currency: ReadCurrency | undefined;
  decimalSeparator: DecimalSeparator | undefined;
}

/**
 * The order in which to read a receipt's ambiguous numeric dates: EUR, GBP and most currencies
 * day first, USD month first; a decimal comma day first; otherwise a dotted date (14.03.25) day
 * first and a slashed one month first, each less sure.
 *
 * @example
 * dateOrderHintOf({ currency: { code: "GBP", certainty: 0.95 }, decimalSeparator: "." }, "/");
 * // { order: "day-first", certainty: 0.85 }
 */
export const dateOrderHintOf = (locale: ReceiptLocale, separator: string | undefined): DateOrderHint => {
  const { currency, decimalSeparator } = locale;
  if (
    currency !== undefined &&
    currency.certainty >= CURRENCY_CUE_CERTAINTY &&
    !MIXED_ORDER_CURRENCIES.has(currency.code)
  ) {
    return {
      order: MONTH_FIRST_CURRENCIES.has(currency.code) ? "month-first" : "day-first",
      certainty: 0.85,
    };
  }
  if (decimalSeparator === ",") return { order: "day-first", certainty: 0.75 };
  if (
    currency !== undefined &&
    currency.certainty >= GUESSED_CURRENCY_CUE_CERTAINTY &&
    !MIXED_ORDER_CURRENCIES.has(currency.code)
  ) {
    return {
      order: MONTH_FIRST_CURRENCIES.has(currency.code) ? "month-first" : "day-first",
      certainty: 0.65,
    };
  }
  if (separator === ".") return { order: "day-first", certainty: 0.7 };
  return { order: "month-first", certainty: 0.55 };
};
