/*
 * RFC 4180 CSV: records end in CRLF; a field holding a comma, a double quote, CR or LF is quoted,
 * its quotes doubled. Every text field is also neutralised against formula injection: a
 * spreadsheet runs a cell that starts with = + - @ (or splits one at a tab or CR), and receipt
 * text comes from whatever was printed on the receipt. Such a cell gets a leading `'`, which
 * spreadsheets show as text. A plain decimal number (`-12.50`) is no formula and stays a number
 * a spreadsheet can sum.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * @example
 * neutraliseFormula("=HYPERLINK(\"http://x\")"); // "'=HYPERLINK(\"http://x\")"
 * neutraliseFormula("-12.50"); // "-12.50"
 */
export const neutraliseFormula = (cell: string): string =>
  FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;

/**
 * One field as it is written: neutralised, then quoted if it must be.
 *
 * @example
 * csvField('Joe\'s "Diner", Main St'); // "\"Joe's \"\"Diner\"\", Main St\""
 */
export const csvField = (cell: string): string => {
  const safe = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** A whole CSV document: the header record, then one record per row, each ending in CRLF. */
export const toCsv = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [header, ...rows].map((record) => `${record.map(csvField).join(",")}\r\n`).join("");
