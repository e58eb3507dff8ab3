import { JSONStringified } from "@aws-lambda-powertools/parser/helpers";
import { SqsRecordSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import * as z from "zod";
import { OwnerIdSchema } from "./ids.ts";

/**
 * One processed receipt on the `receipt-delivery` queue (sent by the receipt workflow's Store
 * state), bound for the customer's own PostgreSQL. The receipt id is the row's key there, so a
 * message delivered twice is written once.
 */
export const DeliveryMessageSchema = z.object({
  receiptId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "receipt ids are 1-64 letters, digits, _ or -"),
  ownerId: OwnerIdSchema,
  merchant: z.string().min(1).max(200),
  /** The date printed on the receipt, YYYY-MM-DD. */
  date: z.iso.date(),
  /** The total in the currency's minor unit (cents), so no float ever rounds it. */
  totalMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** ISO 4217, e.g. EUR. */
  currency: z.string().regex(/^[A-Z]{3}$/, "currencies are ISO 4217 codes like EUR"),
  category: z.string().min(1).max(100),
  /** When shoebox stored this version of the receipt: a newer version replaces an older one. */
  storedAt: z.iso.datetime({ offset: true }),
});

export const DeliveryRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(DeliveryMessageSchema),
});

export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;
export type DeliveryRecord = z.infer<typeof DeliveryRecordSchema>;
