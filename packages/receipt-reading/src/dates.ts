/*
 * Dates as receipts print them: 2025-03-14, 14/03/2025, 03/14/2025, 14.03.25, Mar 14, 2025,
 * 14 Mar 2025, 14. März 2025, with or without a time. Answered as ISO dates; a date that does
 * not exist (31/02/2025, 13/13/2025) is no date.
 */
import { repairMisreadZeros } from "./date-repair.ts";
import { dateOrderHintOf, type ReceiptLocale } from "./locale.ts";

/** A date found in a line, before the receipt's locale resolves a numeric one. */
export interface PrintedDate {
  /** As printed: "14.03.25", "Mar 14, 2025". */
  text: string;
  start: number;
  end: number;
  year: number;
  /** Month and day when the printing fixes them (ISO order, a month name). */
  month?: number;
  day?: number;
  /** The two leading parts of a numeric day/month date, in printed order, and their separator. */
  parts?: readonly [first: number, second: number];
  separator?: string;
  /**
   * Impossible as printed, read with some of its 8s and 9s as 0s ("86/04/2023" as 06/04/2023):
   * `text` is the repaired reading, and the date is a guess.
   */
  repaired?: boolean;
}

export interface ReadDate {
  /** YYYY-MM-DD. */
  iso: string;
  /** 0-1: 1 when the printing fixes the order, the locale's certainty when it had to decide. */
  certainty: number;
}

/** Receipts older than this or later than this are misreadings (a 2-digit year is 20yy). */
const EARLIEST_YEAR = 1990;
const LATEST_YEAR = 2099;
/** Certainty of an order forced by a part above 12 ("14/03"): only a misread digit could undo it. */
const FORCED_ORDER_CERTAINTY = 0.97;
/** A date read only once misread digits were put right is a good guess, not a reading. */
export const REPAIRED_DATE_FACTOR = 0.7;

const MONTH_NAMES: ReadonlyArray<readonly [month: number, names: string]> = [
  [1, "january|januar|janvier|jan|janv|enero|ene|gennaio|gen|januari|jän"],
  [2, "february|februar|février|fevrier|feb|febr|fév|fev|févr|fevr|febrero|febbraio|februari"],
  [3, "march|märz|maerz|mars|mar|mär|mrz|marzo|maart"],
  [4, "april|avril|apr|avr|abril|abr|aprile"],
  [5, "may|mai|mayo|maggio|mei|mag"],
  [6, "june|juni|juin|jun|junio|giugno|giu"],
  [7, "july|juli|juillet|jul|juil|julio|luglio|lug"],
  [8, "august|août|aout|aug|agosto|ago|augustus"],
  [9, "september|septembre|sep|sept|septiembre|settembre|set"],
  [10, "october|oktober|octobre|oct|okt|octubre|ottobre|ott"],
  [11, "november|novembre|nov|noviembre"],
  [12, "december|dezember|décembre|decembre|dec|dez|déc|diciembre|dicembre|dic"],
];
const monthOfName = (name: string): number | undefined => {
  const lower = name.toLowerCase().replace(/\.$/, "");
  return MONTH_NAMES.find(([, names]) => names.split("|").includes(lower))?.[0];
};
const MONTH = `(?<month>${MONTH_NAMES.flatMap(([, names]) => names.split("|"))
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?(?![\\p{L}])`;

// 2025-03-14, and as OCR splits it: "2025 -03-14", "2025-03- 14". The year's misread digits are
// repaired below, so any year of four digits is matched (2925-03-14).
const YEAR_MONTH_DAY =
  /(?<![\d.,])(?<year>[12]\d{3})(?<sep1> ?[-/.] ?)(?<month>\d{1,2})(?<sep2> ?[-/.] ?)(?<day>\d{1,2})(?![\d])/dgu;
// 2025年3月14日 (Japanese, Chinese), 2025년 3월 14일 (Korean).
const CJK_YEAR_MONTH_DAY =
  /(?<year>(?:19|20)\d{2})\s?[年년]\s?(?<month>\d{1,2})\s?[月월]\s?(?<day>\d{1,2})\s?[日일]?/dgu;
const NUMERIC_DAY_MONTH =
  /(?<![\d.,/-])(?<first>\d{1,2})(?<sep1>[./-])(?<second>\d{1,2})(?<sep2>[./-])(?<year>\d{4}|\d{2})(?![\d]|[.,]\d)/dgu;
// As OCR splits one: a space beside a separator ("06.01 .2025") or for one ("18 07.2023"). Only
// with a four-digit year: "2 12.50" is a quantity and an amount, not the 2nd of December 2050.
const SPLIT_NUMERIC_DAY_MONTH =
  /(?<![\d.,/-])(?<first>\d{1,2})(?<sep1> ?[./-] ?| )(?<second>\d{1,2})(?<sep2> ?[./-] ?| )(?<year>\d{4})(?![\d]|[.,]\d)/dgu;
const DAY_MONTH_NAME = new RegExp(
  String.raw`(?<![\d])(?<day>\d{1,2})(?:st|nd|rd|th|er)?\.?[ -]?(?:de )?${MONTH}[ -]?(?:de )?,?\s?(?<year>\d{4}|'\d{2}|\d{2}(?![\d:]))`,
  "dgiu",
);
const MONTH_NAME_DAY = new RegExp(
  String.raw`(?<![\p{L}])${MONTH}\s?(?<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s?|\s)(?<year>\d{4}|'\d{2})(?![\d])`,
  "dgiu",
);

const fullYear = (printed: string): number => {
  const digits = printed.replace("'", "");
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
};

/** The ISO date of a year, month and day, or `undefined` when no such day exists. */
export const isoDateOf = (year: number, month: number, day: number): string | undefined => {
  if (!Number.isInteger(year) || year < EARLIEST_YEAR || year > LATEST_YEAR) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1)
    return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
};

/** What a date pattern's groups say, before its text and place in the line are known. */
type DateParts = Omit<PrintedDate, "text" | "start" | "end">;

/** The separator two printed ones agree on ("." and " ." are one), or `undefined` when they differ. */
const separatorOf = (first: string, second: string): string | undefined => {
  const [a, b] = [first.trim(), second.trim()];
  if (a.length === 0 && b.length === 0) return undefined;
  return a.length > 0 && b.length > 0 && a !== b ? undefined : a || b;
};

const numericDayMonthOf = (groups: Record<string, string | undefined>): DateParts | undefined => {
  const separator = separatorOf(groups.sep1 ?? "", groups.sep2 ?? "");
  if (separator === undefined) return undefined;
  return {
    year: fullYear(groups.year ?? ""),
    parts: [Number(groups.first), Number(groups.second)],
    separator,
  };
};

const namedMonthOf = (groups: Record<string, string | undefined>): DateParts | undefined => {
  const month = monthOfName(groups.month ?? "");
  return month === undefined
    ? undefined
    : { year: fullYear(groups.year ?? ""), month, day: Number(groups.day) };
};

const yearMonthDayOf = (groups: Record<string, string | undefined>): DateParts | undefined =>
  groups.sep1 !== undefined &&
  groups.sep2 !== undefined &&
  separatorOf(groups.sep1, groups.sep2) === undefined
    ? undefined
    : { year: Number(groups.year), month: Number(groups.month), day: Number(groups.day) };

/** The patterns in order of preference; where two overlap, the earlier one's date is kept. */
const DATE_PATTERNS: ReadonlyArray<{
  pattern: RegExp;
  read: (groups: Record<string, string | undefined>) => DateParts | undefined;
}> = [
  { pattern: YEAR_MONTH_DAY, read: yearMonthDayOf },
  { pattern: CJK_YEAR_MONTH_DAY, read: yearMonthDayOf },
  { pattern: DAY_MONTH_NAME, read: namedMonthOf },
  { pattern: MONTH_NAME_DAY, read: namedMonthOf },
  { pattern: NUMERIC_DAY_MONTH, read: numericDayMonthOf },
  { pattern: SPLIT_NUMERIC_DAY_MONTH, read: numericDayMonthOf },
];
/** The groups that hold a date's numbers: the digits a misread can be in. */
const NUMBER_GROUPS = ["year", "month", "day", "first", "second"];

/** Whether a day exists in either order the printing allows. */
const isRealDate = (date: DateParts): boolean =>
  date.parts === undefined
    ? isoDateOf(date.year, date.month ?? 0, date.day ?? 0) !== undefined
    : isoDateOf(date.year, date.parts[1], date.parts[0]) !== undefined ||
      isoDateOf(date.year, date.parts[0], date.parts[1]) !== undefined;

/**
 * Whether a date is impossible as read in a way only a misread digit explains: a year outside
 * the receipts' years, a month above 12 or a day above 31. The 30th of February is a date that
 * does not exist, not a misreading, and is not repaired.
 */
const isOutOfRange = (date: DateParts): boolean => {
  if (date.year < EARLIEST_YEAR || date.year > LATEST_YEAR) return true;
  if (date.parts === undefined) return (date.month ?? 0) > 12 || (date.day ?? 0) > 31;
  const [first, second] = date.parts;
  return Math.max(first, second) > 31 || Math.min(first, second) > 12;
};

/** A match's groups read from another text of the same length (a repaired copy of it). */
const groupsIn = (match: RegExpMatchArray, text: string): Record<string, string | undefined> => {
  const offset = match.index ?? 0;
  return Object.fromEntries(
    Object.entries(match.indices?.groups ?? {}).map(([name, span]) => [
      name,
      span === undefined ? undefined : text.slice(span[0] - offset, span[1] - offset),
    ]),
  );
};

/** One match as a printed date: as read, or repaired when it is impossible as read. */
const printedDateOf = (
  match: RegExpMatchArray,
  read: (groups: Record<string, string | undefined>) => DateParts | undefined,
): PrintedDate | undefined => {
  const text = match[0];
  const place = { start: match.index ?? 0, end: (match.index ?? 0) + text.length };
  const groups = groupsIn(match, text);
  const asRead = read(groups);
  if (asRead === undefined) return undefined;
  // Split by OCR: a space in or for a separator of a numeric date ("06.01 .2025").
  const split = /\s/.test(`${groups.sep1 ?? ""}${groups.sep2 ?? ""}`);
  if (!isOutOfRange(asRead)) {
    // A split date is taken only when it is one: "2025. 12.50" is a year and an amount.
    return split && !isRealDate(asRead) ? undefined : { ...asRead, text, ...place };
  }
  const spans = NUMBER_GROUPS.flatMap((name) => {
    const span = match.indices?.groups?.[name];
    return span === undefined ? [] : [{ start: span[0] - place.start, end: span[1] - place.start }];
  });
  const repaired = repairMisreadZeros(text, spans, (candidate) => {
    const date = read(groupsIn(match, candidate));
    return date !== undefined && isRealDate(date);
  });
  const repairedDate = repaired === undefined ? undefined : read(groupsIn(match, repaired));
  if (repaired !== undefined && repairedDate !== undefined) {
    return { ...repairedDate, text: repaired, ...place, repaired: true };
  }
  return split ? undefined : { ...asRead, text, ...place };
};

const overlaps = (found: readonly PrintedDate[], start: number, end: number): boolean =>
  found.some((date) => start < date.end && end > date.start);

/**
 * Every date-shaped text in a line, in order; times after them are left alone (and ignored). A
 * date impossible as read whose 8s and 9s read as 0s make a real one is answered repaired.
 *
 * @example
 * findPrintedDates("14.03.25 10:42 Filiale 12"); // [{ text: "14.03.25", year: 2025, parts: [14, 3], ... }]
 * findPrintedDates("DATE 86/04/2023");          // [{ text: "06/04/2023", repaired: true, parts: [6, 4], ... }]
 */
export const findPrintedDates = (line: string): PrintedDate[] => {
  const found: PrintedDate[] = [];
  for (const { pattern, read } of DATE_PATTERNS) {
    for (const match of line.matchAll(pattern)) {
      const date = printedDateOf(match, read);
      if (date !== undefined && !overlaps(found, date.start, date.end)) found.push(date);
    }
  }
  return found.sort((a, b) => a.start - b.start);
};

/**
 * A printed date as an ISO date. A numeric day/month date is ordered by plausibility first (a
 * part above 12 is the day) and by the receipt's locale otherwise, whose certainty it carries;
 * a repaired date is less sure (REPAIRED_DATE_FACTOR).
 *
 * @example
 * resolveDate(findPrintedDates("03/04/2025")[0], { currency: { code: "USD", certainty: 0.85 }, decimalSeparator: "." });
 * // { iso: "2025-03-04", certainty: 0.85 }
 */
export const resolveDate = (date: PrintedDate, locale: ReceiptLocale): ReadDate | undefined => {
  const read = resolveAsPrinted(date, locale);
  return read !== undefined && date.repaired
    ? { ...read, certainty: read.certainty * REPAIRED_DATE_FACTOR }
    : read;
};

const resolveAsPrinted = (date: PrintedDate, locale: ReceiptLocale): ReadDate | undefined => {
  if (date.parts === undefined) {
    const iso = isoDateOf(date.year, date.month ?? 0, date.day ?? 0);
    return iso === undefined ? undefined : { iso, certainty: 1 };
  }
  const [first, second] = date.parts;
  const dayFirst = isoDateOf(date.year, second, first);
  const monthFirst = isoDateOf(date.year, first, second);
  if (dayFirst !== undefined && monthFirst !== undefined) {
    if (dayFirst === monthFirst) return { iso: dayFirst, certainty: 1 };
    const hint = dateOrderHintOf(locale, date.separator);
    return hint.order === "day-first"
      ? { iso: dayFirst, certainty: hint.certainty }
      : { iso: monthFirst, certainty: hint.certainty };
  }
  const only = dayFirst ?? monthFirst;
  return only === undefined ? undefined : { iso: only, certainty: FORCED_ORDER_CERTAINTY };
};

/**
 * The first real date in a text (a Textract INVOICE_RECEIPT_DATE value: "03/14/2025 10:42"); a
 * date read as printed before one that had to be repaired.
 */
export const parseDateText = (text: string, locale: ReceiptLocale): ReadDate | undefined => {
  const dates = findPrintedDates(text);
  for (const date of [...dates.filter((date) => !date.repaired), ...dates.filter((date) => date.repaired)]) {
    const read = resolveDate(date, locale);
    if (read) return read;
  }
  return undefined;
};
