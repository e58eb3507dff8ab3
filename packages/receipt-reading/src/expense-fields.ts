/*
 * Textract's ExpenseField, built from what we read. Type.Confidence says how sure the parse is
 * that this is the field; ValueDetection.Confidence says that times how sure OCR is of the text,
 * so either one alone is an honest answer and the normaliser can take the smaller.
 */
import type { ExpenseField } from "@aws-sdk/client-textract";
import { percentOf } from "./confidence.ts";
import type { ReadCurrency } from "./locale.ts";

export interface FieldReading {
  /** Textract's field type: VENDOR_NAME, TOTAL, ITEM, ... */
  type: string;
  /** The value as printed. */
  text: string;
  /** 0-1: how sure the parse is (label vs. guess, order of a date, ...). */
  certainty: number;
  /** 0-1: the OCR engine's confidence in the line the value was read from. */
  ocrConfidence: number;
  /** 1-based. */
  page: number;
  /** The label printed beside the value, with the OCR confidence of its line. */
  label?: { text: string; ocrConfidence: number } | undefined;
  /** The currency of an amount, when known. */
  currency?: ReadCurrency | undefined;
}

/** One ExpenseField in Textract's shape (no Geometry: OCR lines carry no boxes here). */
export const expenseFieldOf = (reading: FieldReading): ExpenseField => ({
  Type: { Text: reading.type, Confidence: percentOf(reading.certainty) },
  ...(reading.label && reading.label.text.length > 0
    ? { LabelDetection: { Text: reading.label.text, Confidence: percentOf(reading.label.ocrConfidence) } }
    : {}),
  ValueDetection: { Text: reading.text, Confidence: percentOf(reading.certainty * reading.ocrConfidence) },
  PageNumber: reading.page,
  ...(reading.currency
    ? { Currency: { Code: reading.currency.code, Confidence: percentOf(reading.currency.certainty) } }
    : {}),
});
