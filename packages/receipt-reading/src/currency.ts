/*
 * Which currency a receipt is in: from the symbols and ISO codes printed on it, else guessed
 * from its number format, else unknown. A guess says so in its certainty.
 */
import { CURRENCY_MINOR_UNITS } from "@shoebox/schemas";
import type { DecimalSeparator } from "./decimal-separator.ts";
import type { ReadCurrency } from "./locale.ts";
import { type LocaleCues, NO_LOCALE_CUES } from "./locale-cues.ts";

/** A bare `$` is most often USD but is printed in a dozen countries. */
const DOLLAR_SIGN_CERTAINTY = 0.85;
const SYMBOL_CERTAINTY = 0.95;
const CODE_CERTAINTY = 0.97;
/** A decimal comma says "probably continental Europe", not which currency: EUR is a guess. */
export const DECIMAL_COMMA_EUR_CERTAINTY = 0.4;
/** Decimal commas and a day-first date (26.05.23) say continental Europe more surely; still a guess. */
const COMMA_AND_DATE_EUR_CERTAINTY = 0.5;
/** VAT and a day-first slashed date without a decimal comma: the UK most likely (Ireland, too). */
const VAT_AND_DATE_GBP_CERTAINTY = 0.45;
/** A date only month first reads (01/17/2025), no VAT: the US most likely (Canada, too). */
const MONTH_FIRST_DATE_USD_CERTAINTY = 0.45;
/** Two printed numbers showing a decimal comma: one could be a misread point. */
const DECIMAL_COMMA_CUE_WEIGHT = 2;

/** Printed symbols and prefixes, with the currency each names. */
const SYMBOLS: ReadonlyArray<readonly [symbol: string, code: string, certainty: number]> = [
  ["US$", "USD", SYMBOL_CERTAINTY],
  ["CA$", "CAD", SYMBOL_CERTAINTY],
  ["C$", "CAD", SYMBOL_CERTAINTY],
  ["AU$", "AUD", SYMBOL_CERTAINTY],
  ["A$", "AUD", SYMBOL_CERTAINTY],
  ["NZ$", "NZD", SYMBOL_CERTAINTY],
  ["HK$", "HKD", SYMBOL_CERTAINTY],
  ["S$", "SGD", SYMBOL_CERTAINTY],
  ["R$", "BRL", SYMBOL_CERTAINTY],
  ["MX$", "MXN", SYMBOL_CERTAINTY],
  ["$", "USD", DOLLAR_SIGN_CERTAINTY],
  ["€", "EUR", SYMBOL_CERTAINTY],
  ["£", "GBP", SYMBOL_CERTAINTY],
  ["¥", "JPY", 0.8],
  ["円", "JPY", SYMBOL_CERTAINTY],
  ["元", "CNY", SYMBOL_CERTAINTY],
  ["₹", "INR", SYMBOL_CERTAINTY],
  ["₩", "KRW", SYMBOL_CERTAINTY],
  ["₽", "RUB", SYMBOL_CERTAINTY],
  ["₺", "TRY", SYMBOL_CERTAINTY],
  ["₪", "ILS", SYMBOL_CERTAINTY],
  ["zł", "PLN", SYMBOL_CERTAINTY],
  ["Kč", "CZK", SYMBOL_CERTAINTY],
  ["Fr.", "CHF", 0.8],
  ["EURO", "EUR", CODE_CERTAINTY],
  ["Euro", "EUR", CODE_CERTAINTY],
  ["Eur", "EUR", CODE_CERTAINTY],
];

/*
 * ISO codes we read as a currency. Not every ISO code: ALL, TOP, CUP, PEN, TRY, GEL, MAD, BOB
 * and others are everyday words on a receipt ("CUP 3.50").
 */
const CODES = [
  "EUR USD GBP CHF CAD AUD NZD JPY CNY RMB HKD SGD SEK NOK DKK ISK PLN CZK HUF RON BGN",
  "INR MXN BRL ZAR ILS KRW AED THB MYR IDR PHP TWD",
]
  .join(" ")
  .split(" ");
const CODE_ALIASES: Readonly<Record<string, string>> = { RMB: "CNY" };

const escapeForPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every marker, longest first so that `US$` wins over `$`; codes only as whole words. */
export const CURRENCY_MARKER_PATTERN = [
  ...SYMBOLS.map(([symbol]) => symbol)
    .sort((a, b) => b.length - a.length)
    .map((symbol) =>
      /^[A-Za-z]/.test(symbol)
        ? `(?<![A-Za-z])${escapeForPattern(symbol)}(?![A-Za-z])`
        : escapeForPattern(symbol),
    ),
  `(?<![A-Za-z])(?:${CODES.join("|")})(?![A-Za-z])`,
].join("|");

/** The currency a printed marker (`€`, `US$`, `EUR`, `Euro`) names, with how sure that is. */
export const currencyOfMarker = (marker: string): ReadCurrency | undefined => {
  const symbol = SYMBOLS.find(([candidate]) => candidate === marker);
  if (symbol) return { code: symbol[1], certainty: symbol[2] };
  if (!CODES.includes(marker)) return undefined;
  return { code: CODE_ALIASES[marker] ?? marker, certainty: CODE_CERTAINTY };
};

const CODES_IN_TEXT = new RegExp(`(?<![A-Za-z])(?:${CODES.join("|")}|EURO|Euro)(?![A-Za-z])`, "g");

/**
 * The currency codes printed in a text as words ("SUMME EUR", "All prices in USD"); symbols
 * count only beside an amount, since "Fr." is also Friday and "$" decorates headers.
 */
export const currencyCodesIn = (text: string): ReadCurrency[] =>
  [...text.matchAll(CODES_IN_TEXT)].flatMap(([code]) => currencyOfMarker(code) ?? []);

const DOLLAR_CODES = new Set(["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN"]);

/**
 * A receipt's currency when none is printed, guessed from how it writes numbers and dates; a
 * guess says so in its certainty (0.4-0.5), and nothing is guessed without a cue.
 */
const guessedCurrencyOf = (
  decimalSeparator: DecimalSeparator | undefined,
  cues: LocaleCues,
): ReadCurrency | undefined => {
  const decimalComma = decimalSeparator === "," || cues.decimalCommaWeight >= DECIMAL_COMMA_CUE_WEIGHT;
  if (decimalComma && cues.dayFirstDate) return { code: "EUR", certainty: COMMA_AND_DATE_EUR_CERTAINTY };
  if (decimalSeparator === ",") return { code: "EUR", certainty: DECIMAL_COMMA_EUR_CERTAINTY };
  if (!decimalComma && cues.vat && cues.slashedDayFirstDate && !cues.monthFirstDate) {
    return { code: "GBP", certainty: VAT_AND_DATE_GBP_CERTAINTY };
  }
  if (!decimalComma && !cues.vat && cues.monthFirstDate && !cues.dayFirstDate) {
    return { code: "USD", certainty: MONTH_FIRST_DATE_USD_CERTAINTY };
  }
  return undefined;
};

/**
 * The receipt's currency from every marker printed on it: the most frequent (weighted by how
 * sure each marker is), where a printed dollar code (CAD, AUD, ...) says which dollar a bare `$`
 * is. Without any marker, a guess from the receipt's locale cues: decimal commas (and a
 * day-first date) make EUR, VAT and a DD/MM date GBP, a date only month first reads USD.
 *
 * @example
 * receiptCurrencyOf([{ code: "USD", certainty: 0.85 }, { code: "CAD", certainty: 0.97 }], "."); // CAD
 * receiptCurrencyOf([], ".", { ...NO_LOCALE_CUES, vat: true, slashedDayFirstDate: true }); // GBP, 0.45
 */
export const receiptCurrencyOf = (
  markers: readonly ReadCurrency[],
  decimalSeparator: DecimalSeparator | undefined,
  cues: LocaleCues = NO_LOCALE_CUES,
): ReadCurrency | undefined => {
  if (markers.length === 0) return guessedCurrencyOf(decimalSeparator, cues);
  const weights = new Map<string, number>();
  for (const { code, certainty } of markers) weights.set(code, (weights.get(code) ?? 0) + certainty);
  const namedDollar = [...weights.keys()].find((code) => code !== "USD" && DOLLAR_CODES.has(code));
  if (namedDollar !== undefined && weights.has("USD")) {
    weights.set(namedDollar, (weights.get(namedDollar) ?? 0) + (weights.get("USD") ?? 0));
    weights.delete("USD");
  }
  // Ties go to the first printed marker's currency: Map keeps insertion order.
  let best: [code: string, weight: number] | undefined;
  for (const entry of weights) if (!best || entry[1] > best[1]) best = entry;
  if (!best) return undefined;
  const [code] = best;
  const certainty = Math.max(
    ...markers.filter((marker) => marker.code === code).map((marker) => marker.certainty),
    0,
  );
  // Markers of another currency on the same receipt make the choice less sure.
  const share = best[1] / [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  return { code, certainty: (certainty || CODE_CERTAINTY) * (share < 1 ? 0.5 + share / 2 : 1) };
};

/** Whether a code is an ISO 4217 currency (Textract answers codes; we check before passing one on). */
export const isCurrencyCode = (code: string): boolean =>
  /^[A-Z]{3}$/.test(code) && Object.hasOwn(CURRENCY_MINOR_UNITS, code);

/** Minor-unit digits of a currency (2 when unknown, the common case). */
export const minorUnitsOf = (code: string | undefined): number =>
  (code !== undefined ? CURRENCY_MINOR_UNITS[code] : undefined) ?? 2;
