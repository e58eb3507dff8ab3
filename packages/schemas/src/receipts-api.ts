import * as z from "zod";
import { ReceiptItemSchema, ReceiptStatusSchema } from "./receipt-items.ts";

/*
 * The receipts read API: GET /receipts (one page of the caller's receipts) and
 * GET /receipts/export (a date range as CSV). Receipts are listed newest upload first: the sort
 * key holds the photo id, a ULID; from/to filter on the receipt's own date.
 */

/**
 * One receipt as the API shows it: the stored item without its keys, the duplicate key the
 * workflow matches on, or the failure's cause (a function's error object, stack trace
 * included); the error's name says what failed. Derived from the item, so a field the workflow
 * adds to ReceiptItemSchema is shown (and exported) without being listed here again.
 */
export const ReceiptViewSchema = ReceiptItemSchema.omit({
  ownerId: true,
  sk: true,
  merchantKey: true,
  failureCause: true,
});

/** The longest range one export covers: a year, leap day included. */
export const MAX_EXPORT_DAYS = 366;

const MS_PER_DAY = 86_400_000;

/**
 * Whole days from one ISO date to another (negative when `to` is earlier).
 *
 * @example
 * daysBetween("2024-01-01", "2024-12-31"); // 365
 */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);

/** An ISO date (YYYY-MM-DD) of the receipt's own date, inclusive at both ends of a range. */
const ReceiptDateSchema = z.iso.date();

const fromNotAfterTo = (range: { from?: string | undefined; to?: string | undefined }) =>
  range.from === undefined || range.to === undefined || range.from <= range.to;

const fromNotAfterToIssue = { message: "from must not be after to", path: ["from"] };

export const ReceiptListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** The nextCursor of the previous page, as it was answered. */
    cursor: z.string().min(1).max(1024).optional(),
    from: ReceiptDateSchema.optional(),
    to: ReceiptDateSchema.optional(),
    status: ReceiptStatusSchema.optional(),
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

/**
 * A page of receipts, newest upload first. `nextCursor` is null only when no receipt remains: a
 * page may hold fewer than `limit` receipts and still have one (filters are applied to a bounded
 * number of stored receipts per request).
 */
export const ReceiptListResponseSchema = z.object({
  receipts: z.array(ReceiptViewSchema),
  nextCursor: z.string().nullable(),
});

/** Both ends required, at most MAX_EXPORT_DAYS apart, so one export is a bounded piece of work. */
export const ReceiptExportQuerySchema = z
  .object({ from: ReceiptDateSchema, to: ReceiptDateSchema })
  .refine(fromNotAfterTo, fromNotAfterToIssue)
  .refine((range) => daysBetween(range.from, range.to) <= MAX_EXPORT_DAYS, {
    message: `from and to must be at most ${MAX_EXPORT_DAYS} days apart: export a longer period in parts`,
    path: ["to"],
  });

export type ReceiptView = z.infer<typeof ReceiptViewSchema>;
export type ReceiptListQuery = z.infer<typeof ReceiptListQuerySchema>;
export type ReceiptListResponse = z.infer<typeof ReceiptListResponseSchema>;
export type ReceiptExportQuery = z.infer<typeof ReceiptExportQuerySchema>;
