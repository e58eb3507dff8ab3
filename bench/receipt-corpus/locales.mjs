/*
 * How each country prints money and dates on a till receipt. The corpus draws every receipt's
 * formats from here, so a US receipt reads 1,234.56 and 03/14/2025, a German one 1.234,56 and
 * 14.03.2025, and the labels stay in one neutral form (YYYY-MM-DD, 1234.56).
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (number, width = 2) => String(number).padStart(width, "0");

/** `1234567` cents as `1,234,567.89`-style digits with the locale's separators. */
const digits = (cents, { group, decimal }) => {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const units = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${units}${decimal}${pad(absolute % 100)}`;
};

/** Date formats by name; each takes an ISO date (YYYY-MM-DD). */
export const dateFormats = {
  "MM/DD/YYYY": (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`,
  "MM/DD/YY": (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(2, 4)}`,
  "Mon D, YYYY": (iso) =>
    `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`,
  "DD/MM/YYYY": (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
  "DD/MM/YY": (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)}`,
  "D Mon YYYY": (iso) =>
    `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`,
  "DD.MM.YYYY": (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`,
  "DD.MM.YY": (iso) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(2, 4)}`,
  "DD-MM-YYYY": (iso) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`,
  "YYYY-MM-DD": (iso) => iso,
};

/**
 * One country's receipt conventions. `amount` prints a line's figure (no symbol, as tills do),
 * `money` a figure with the currency as the total line shows it. `dateFormats` are the
 * country's own, most usual first; `taxIncluded` is true where prices include VAT.
 */
export const locales = {
  us: {
    country: "US",
    currency: "USD",
    separators: { group: ",", decimal: "." },
    money: (text) => `$${text}`,
    dateFormats: ["MM/DD/YYYY", "MM/DD/YYYY", "MM/DD/YY", "Mon D, YYYY", "YYYY-MM-DD"],
    taxIncluded: false,
    taxRates: [0, 6, 7.25, 8.25, 8.875, 9.5],
  },
  uk: {
    country: "UK",
    currency: "GBP",
    separators: { group: ",", decimal: "." },
    money: (text) => `£${text}`,
    dateFormats: ["DD/MM/YYYY", "DD/MM/YYYY", "DD/MM/YY", "D Mon YYYY", "YYYY-MM-DD"],
    taxIncluded: true,
    taxRates: [20],
  },
  de: {
    country: "DE",
    currency: "EUR",
    separators: { group: ".", decimal: "," },
    money: (text) => `${text} €`,
    dateFormats: ["DD.MM.YYYY", "DD.MM.YYYY", "DD.MM.YY", "YYYY-MM-DD"],
    taxIncluded: true,
    taxRates: [19, 7],
  },
  fr: {
    country: "FR",
    currency: "EUR",
    separators: { group: " ", decimal: "," },
    money: (text) => `${text} €`,
    dateFormats: ["DD/MM/YY", "DD/MM/YYYY", "DD/MM/YYYY"],
    taxIncluded: true,
    taxRates: [20, 5.5],
  },
  es: {
    country: "ES",
    currency: "EUR",
    separators: { group: ".", decimal: "," },
    money: (text) => `${text} EUR`,
    dateFormats: ["DD/MM/YYYY", "DD/MM/YY"],
    taxIncluded: true,
    taxRates: [21, 10],
  },
  nl: {
    country: "NL",
    currency: "EUR",
    separators: { group: ".", decimal: "," },
    money: (text) => `€ ${text}`,
    dateFormats: ["DD-MM-YYYY", "DD-MM-YYYY", "DD.MM.YYYY"],
    taxIncluded: true,
    taxRates: [21, 9],
  },
};

/** A figure as the locale's till prints it: `1,234.56` (US, UK), `1.234,56` (DE), `1 234,56` (FR). */
export const formatAmount = (locale, cents) => digits(cents, locale.separators);

/** A figure with its currency as a total line shows it: `$1,234.56`, `12,50 €`, `€ 12,50`. */
export const formatMoney = (locale, cents) => locale.money(formatAmount(locale, cents));

/** The labels' neutral form of an amount: `1234.56`. */
export const labelAmount = (cents) => digits(cents, { group: "", decimal: "." });

/** A date in one of `dateFormats`. */
export const formatDate = (formatName, iso) => {
  const format = dateFormats[formatName];
  if (!format) throw new Error(`unknown date format ${formatName}`);
  return format(iso);
};
