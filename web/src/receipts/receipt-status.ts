import { formatMajorUnits, type ReceiptStatusSchema, type ReceiptView } from "@shoebox/schemas";
import type * as z from "zod";

type ReceiptStatus = z.infer<typeof ReceiptStatusSchema>;

/**
 * Each receipt status in words, with what it means for the person and what they can do. STORED
 * is the end of shoebox's part: the receipt is queued for the customer's database, and becomes
 * FAILED (with the database's reason) if that database refuses the row.
 */
export const RECEIPT_STATUS: Record<ReceiptStatus, { label: string; meaning: string }> = {
  IN_REVIEW: {
    label: "Waiting for your review",
    meaning: "shoebox is unsure of what it read: approve, correct or reject it in Reviews.",
  },
  STORED: {
    label: "Stored, sent to your database",
    meaning: "read, checked and handed to delivery; nothing left to do.",
  },
  INVALID: {
    label: "Invalid",
    meaning: "it could not be taken as read (see the problems): upload a sharper photo of it.",
  },
  REJECTED: {
    label: "Rejected",
    meaning: "rejected in review; it will not reach your database.",
  },
  FAILED: {
    label: "Failed",
    meaning: "something broke on the way: upload it again, and report the error if it stays.",
  },
};

/**
 * The total as the receipt shows it ("24.89 USD"), or undefined when none was read.
 *
 * @example
 * receiptTotal({ totalMinor: 2489, currency: "USD" }); // "24.89 USD"
 */
export const receiptTotal = (receipt: Pick<ReceiptView, "totalMinor" | "currency">): string | undefined =>
  receipt.totalMinor === undefined || receipt.currency === undefined
    ? undefined
    : `${formatMajorUnits(receipt.totalMinor, receipt.currency)} ${receipt.currency}`;
