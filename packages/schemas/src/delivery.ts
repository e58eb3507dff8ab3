import * as z from "zod";
import { OwnerIdSchema } from "./ids.ts";
import { sqsRecordWithJsonBody } from "./sqs-records.ts";

/*
 * A stored receipt becomes one row of `shoebox_receipts` in the customer's PostgreSQL
 * (packages/pg-delivery/migrations). These are the limits of that row's columns, and every
 * schema a receipt passes on its way there (Validate, Transform, the delivery message) is
 * built from them, so nothing is called STORED that the table would refuse. The migrations
 * state the same limits as CHECK constraints; pg-delivery's column-limits test writes values
 * at and beyond each limit to a real server and proves the schema and the table agree.
 */
export const RECEIPT_COLUMN_LIMITS = {
  /** Characters (code points, as PostgreSQL's char_length counts them), not UTF-16 units. */
  merchantMaxCharacters: 200,
  /**
   * The receipt dates a row may hold. PostgreSQL has no year 0 (ISO's 0000 is its 1 BC, written
   * `0001-01-01 BC`), so `0000-01-01` is an error there; receipts are neither that old nor
   * from after this century, and such a date is a misread, not a receipt.
   */
  firstDate: "1900-01-01",
  lastDate: "2099-12-31",
  /** bigint holds more, but JSON numbers above this lose digits before they reach the table. */
  maxTotalMinor: Number.MAX_SAFE_INTEGER,
} as const;

const DATE_RANGE = `${RECEIPT_COLUMN_LIMITS.firstDate} to ${RECEIPT_COLUMN_LIMITS.lastDate}`;
const isWithinDateRange = (date: string): boolean =>
  date >= RECEIPT_COLUMN_LIMITS.firstDate && date <= RECEIPT_COLUMN_LIMITS.lastDate;

/**
 * Text PostgreSQL stores exactly as given, with `min`-`max` characters. It cannot hold a NUL
 * character (the server refuses the row), and a lone surrogate (half of an emoji) is not
 * Unicode: the driver sends it as U+FFFD, so the row would silently differ from the receipt.
 *
 * @example
 * storableText(1, 200).safeParse("Bad\u0000Shop").success; // false
 */
export const storableText = (min: number, max: number) =>
  z
    .string()
    .refine(
      (text) => !text.includes("\u0000"),
      "must not contain a NUL character, which PostgreSQL cannot store",
    )
    .refine((text) => !/\p{Cs}/u.test(text), "must be valid Unicode (it contains a lone surrogate)")
    .refine((text) => {
      const characters = [...text].length;
      return characters >= min && characters <= max;
    }, `must be ${min} to ${max} characters long`);

/** The merchant's name as the row holds it. */
export const ReceiptMerchantSchema = storableText(1, RECEIPT_COLUMN_LIMITS.merchantMaxCharacters);

/** The date printed on the receipt, YYYY-MM-DD, within the table's range. */
export const ReceiptDateSchema = z.iso.date().refine(isWithinDateRange, `must be within ${DATE_RANGE}`);

/** The total in the currency's minor unit (cents), so no float ever rounds it. */
export const TotalMinorSchema = z
  .number()
  .min(0)
  // Aborts: .int() would report the same bound again (zod's integers are the safe ones).
  .max(RECEIPT_COLUMN_LIMITS.maxTotalMinor, { abort: true })
  .int();

/** The form of a currency code the table checks (the workflow also requires ISO 4217). */
export const CurrencyFormatSchema = z.string().regex(/^[A-Z]{3}$/, "currencies are ISO 4217 codes like EUR");

/** A category: lower-case words joined by dashes (`groceries`, `office-supplies`). */
export const ReceiptCategorySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "categories are lower-case words joined by dashes");

/**
 * One processed receipt on the `receipt-delivery` queue (sent by the receipt workflow's Store
 * state), bound for the customer's own PostgreSQL. The receipt id is the row's key there, so a
 * message delivered twice is written once.
 */
export const DeliveryMessageSchema = z.object({
  receiptId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "receipt ids are 1-64 letters, digits, _ or -"),
  ownerId: OwnerIdSchema,
  merchant: ReceiptMerchantSchema,
  date: ReceiptDateSchema,
  totalMinor: TotalMinorSchema,
  /** ISO 4217, e.g. EUR. */
  currency: CurrencyFormatSchema,
  category: ReceiptCategorySchema,
  /** When shoebox stored this version of the receipt: a newer version replaces an older one. */
  storedAt: z.iso
    .datetime({ offset: true })
    // Its UTC day; a year beyond 9999 or before 0 is written +010000-… or -000001-…, out of range too.
    .refine((storedAt) => {
      const instant = Date.parse(storedAt);
      return Number.isFinite(instant) && isWithinDateRange(new Date(instant).toISOString().slice(0, 10));
    }, `must be within ${DATE_RANGE} (UTC)`)
    // zod takes offsets up to ±23:59; PostgreSQL's timestamptz refuses any beyond ±15:59.
    .refine((storedAt) => !/[+-](1[6-9]|2\d):?\d{2}$/.test(storedAt), "must have a UTC offset within ±15:59"),
});

/**
 * Which stored receipt a delivery message is about, read from a message whose other fields may
 * be wrong: enough to record that receipt as failed instead of retrying the message forever.
 */
export const DeliveryMessageKeySchema = DeliveryMessageSchema.pick({
  receiptId: true,
  ownerId: true,
  storedAt: true,
});

/**
 * Why a stored receipt was never written to the customer's table, recorded on its receipt item
 * (`failureError`) and announced in `receipt.failed`: the database refused the row
 * (`ROW_REJECTED`), or the message breaks the table's limits (`INVALID_RECEIPT`).
 */
export const DeliveryRejectionCodeSchema = z.enum(["ROW_REJECTED", "INVALID_RECEIPT"]);

export const DeliveryRecordSchema = sqsRecordWithJsonBody(DeliveryMessageSchema);

/** A delivery record whose body may break the schema but still names its stored receipt. */
export const DeliveryRecordKeySchema = sqsRecordWithJsonBody(DeliveryMessageKeySchema);

export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;
export type DeliveryMessageKey = z.infer<typeof DeliveryMessageKeySchema>;
export type DeliveryRejectionCode = z.infer<typeof DeliveryRejectionCodeSchema>;
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>;
