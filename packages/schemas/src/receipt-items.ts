import * as z from "zod";
import { CurrencyCodeSchema } from "./currencies.ts";
import { ReceiptCategorySchema } from "./delivery.ts";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { ReceiptReadingSchema } from "./receipt-reading.ts";
import { ReviewDecisionRecordSchema, ReviewReasonSchema } from "./reviews.ts";
import { CheckedReceiptFieldSchema } from "./uploads.ts";

/*
 * The items the receipt workflow reads and writes in the `receipts` and `profiles` tables
 * (partition key: ownerId), and their sort keys.
 */

/** The sort keys of the `receipts` table. */
export const receiptSortKey = (photoId: string): string => `RECEIPT#${photoId}`;
export const outcomeMarkerSortKey = (photoId: string): string => `OUTCOME#${photoId}`;
export const hashMarkerSortKey = (sha256: string): string => `HASH#${sha256}`;
export const matchMarkerSortKey = (receipt: {
  merchantKey: string;
  date: string;
  totalMinor: number;
  currency: string;
}): string => `MATCH#${receipt.merchantKey}#${receipt.date}#${receipt.totalMinor}#${receipt.currency}`;

/** The sort keys of the `profiles` table. */
export const PROFILE_SORT_KEY = "PROFILE";
export const categoryRuleSortKey = (merchantKey: string): string => `RULE#${merchantKey}`;

/**
 * STORED: valid and delivered onwards. IN_REVIEW: waiting for its owner's decision (reviews.ts).
 * INVALID: the receipt could not be taken as read (a field missing, a rule broken), kept with its
 * problems and findings. REJECTED: its owner rejected it in review, or its review expired and the
 * deployment rejects expired reviews. FAILED: something broke on the way (the reader, a service),
 * with the error.
 */
export const ReceiptStatusSchema = z.enum(["STORED", "IN_REVIEW", "INVALID", "REJECTED", "FAILED"]);

/**
 * Something a person should look at, kept on the receipt: the uploader's hint and the reading
 * disagree (the hint was used), a field was read with low confidence, or nothing was read for it.
 */
export const ReceiptFindingSchema = z.object({
  field: CheckedReceiptFieldSchema,
  code: z.enum(["HINT_DISAGREES", "LOW_CONFIDENCE", "NOT_READ"]),
  message: z.string(),
});

/** How an upload's receipt ended: the counter it moved on its batch. */
export const ReceiptOutcomeSchema = z.enum(["stored", "duplicate", "invalid", "rejected", "failed"]);

/** `RECEIPT#<photoId>` in the `receipts` table: the stored receipt, or why it failed. */
export const ReceiptItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.string().startsWith("RECEIPT#"),
  photoId: PhotoIdSchema,
  status: ReceiptStatusSchema,
  merchant: z.string().optional(),
  merchantKey: z.string().optional(),
  date: z.iso.date().optional(),
  totalMinor: z.number().int().optional(),
  currency: CurrencyCodeSchema.optional(),
  category: ReceiptCategorySchema.optional(),
  storedAt: z.iso.datetime().optional(),
  /** What the reader read from the image (STORED and INVALID receipts). */
  reading: ReceiptReadingSchema.nullable().optional(),
  findings: z.array(ReceiptFindingSchema).optional(),
  /** The owner's decision in review, with the reasons they were shown. */
  review: z
    .object({ decision: ReviewDecisionRecordSchema, reasons: z.array(ReviewReasonSchema) })
    .nullable()
    .optional(),
  /** Why a REJECTED receipt was: the owner's reason, or the review's deadline. */
  rejection: z.string().optional(),
  rejectedAt: z.iso.datetime().optional(),
  /** Why an INVALID receipt could not be stored, as sentences for the uploader. */
  problems: z.array(z.string()).optional(),
  /** When an INVALID receipt was last checked. */
  checkedAt: z.iso.datetime().optional(),
  failureError: z.string().optional(),
  failureCause: z.string().optional(),
  failedAt: z.iso.datetime().optional(),
});

/**
 * `OUTCOME#<photoId>` in the `receipts` table: the outcome counted on the upload's batch. It is
 * written in the same transaction as the count (CountOutcome), and moved in the same
 * transaction as a correction of the count, so each counter moves exactly once per upload.
 */
export const ReceiptOutcomeMarkerItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.string().startsWith("OUTCOME#"),
  batchId: BatchIdSchema,
  outcome: ReceiptOutcomeSchema,
});

/** `HASH#…` and `MATCH#…` in the `receipts` table: which photo holds this receipt. */
export const ReceiptMarkerItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.string().regex(/^(HASH|MATCH)#/),
  photoId: PhotoIdSchema,
});

/** `PROFILE` in the `profiles` table; `defaultCategory` is used when nothing else decides. */
export const ReceiptProfileItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.literal(PROFILE_SORT_KEY),
  defaultCategory: ReceiptCategorySchema.optional(),
});

/** `RULE#<merchantKey>` in the `profiles` table: the user's own category for a merchant. */
export const ReceiptCategoryRuleItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.string().startsWith("RULE#"),
  category: ReceiptCategorySchema,
});

export type ReceiptOutcome = z.infer<typeof ReceiptOutcomeSchema>;
export type ReceiptFinding = z.infer<typeof ReceiptFindingSchema>;
export type ReceiptItem = z.infer<typeof ReceiptItemSchema>;
export type ReceiptOutcomeMarkerItem = z.infer<typeof ReceiptOutcomeMarkerItemSchema>;
