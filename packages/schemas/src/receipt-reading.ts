import * as z from "zod";
import { CurrencyFormatSchema } from "./delivery.ts";
import { OwnerIdSchema, PhotoIdSchema } from "./ids.ts";

/*
 * Reading a receipt's image: what the workflow's Extract step asks for and what it answers.
 * Both readers (Textract AnalyzeExpense, functions/receipt-extract; the offline OCR reader,
 * functions/receipt-reader) answer through one normaliser (@shoebox/receipt-reading), so the
 * rest of the workflow cannot tell which one read the receipt. The state machine selects these
 * fields with JSONPath: every field is present, null when nothing was read.
 */

/** Line items kept per receipt: a long receipt's reading must stay far below Step Functions' 256 KiB. */
export const MAX_READ_LINE_ITEMS = 100;
/** Characters kept of any read text (merchant, line item description). */
export const MAX_READ_TEXT = 200;

/** How sure the reader is of a field, 0 to 1 (Textract's Confidence / 100). */
export const ConfidenceSchema = z.number().min(0).max(1);

const readField = <T extends z.ZodType>(value: T) =>
  z.object({ value, confidence: ConfidenceSchema }).nullable();

/** One line of the receipt's items, as printed. */
export const ReadLineItemSchema = z.object({
  description: z.string().max(MAX_READ_TEXT),
  quantity: z.number().nullable(),
  /** The line's amount (price x quantity), in the receipt's currency. */
  amount: z.number().nullable(),
});

/** Which engine read the receipt. */
export const ReceiptReaderSchema = z.enum(["textract", "local"]);

/** What was read from one receipt document (all its pages). */
export const ReceiptReadingSchema = z.object({
  reader: ReceiptReaderSchema,
  merchant: readField(z.string().min(1).max(MAX_READ_TEXT)),
  /** ISO date (YYYY-MM-DD). */
  date: readField(z.iso.date()),
  total: readField(z.number()),
  subtotal: readField(z.number()),
  tax: readField(z.number()),
  /** ISO 4217, from a symbol or code on the receipt, or the locale its number and date formats imply. */
  currency: readField(CurrencyFormatSchema),
  lineItems: z.array(ReadLineItemSchema).max(MAX_READ_LINE_ITEMS),
  pages: z.number().int().min(1),
});

/**
 * What the Extract step sends a reader: which upload, and the original's object (key and the
 * version that was processed) in the uploads bucket the reader's configuration names.
 */
export const ReceiptReadRequestSchema = z.object({
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  original: z.object({
    key: z.string().min(1),
    versionId: z.string().min(1).optional(),
    contentType: z.string().min(1),
  }),
});

export type ReadLineItem = z.infer<typeof ReadLineItemSchema>;
export type ReceiptReader = z.infer<typeof ReceiptReaderSchema>;
export type ReceiptReading = z.infer<typeof ReceiptReadingSchema>;
export type ReceiptReadRequest = z.infer<typeof ReceiptReadRequestSchema>;
