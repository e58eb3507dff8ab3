import { JSONStringified } from "@aws-lambda-powertools/parser/helpers";
import { SqsRecordSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import { z } from "zod";
import {
  DeliveryMessageSchema,
  ReceiptCategorySchema,
  ReceiptDateSchema,
  ReceiptMerchantSchema,
  TotalMinorSchema,
} from "./delivery.ts";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { PhotoProcessedMessageSchema } from "./notifications.ts";
import { MAX_FILES_PER_REQUEST, ReceiptHintsSchema } from "./uploads.ts";

/*
 * The receipt workflow (asl/receipt-workflow.asl.json): what goes in, what its Lambda tasks
 * answer, the items it writes and the messages it sends. The state machine reads these shapes
 * through JSONPath, so a field renamed here must be renamed in the ASL too; the workflow tests
 * run the real ASL against these schemas.
 */

// ---------------------------------------------------------------------------------------------
// Currencies

/**
 * ISO 4217 active currencies by their number of minor-unit digits (the list as of 2025; funds
 * codes such as BOV or CLF included, precious metals and testing codes without minor units left
 * out, as no receipt is paid in them).
 */
const CURRENCIES_BY_DIGITS = {
  0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
  2:
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS " +
    "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL " +
    "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK " +
    "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS " +
    "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES XCD XCG ZAR ZMW ZWG",
  3: "BHD IQD JOD KWD LYD OMR TND",
  4: "CLF UYW",
} as const;

/** Minor-unit digits by currency code: `JPY` 0, `USD` 2, `BHD` 3, `CLF` 4. */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(CURRENCIES_BY_DIGITS).flatMap(([digits, codes]) =>
      codes.split(" ").map((code) => [code, Number(digits)]),
    ),
  ),
);

export const CurrencyCodeSchema = z
  .string()
  .refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), "is not an ISO 4217 currency code");

/**
 * An amount in the currency's minor units (cents for USD, fils for BHD, yen for JPY), or
 * `undefined` when the amount has more decimals than the currency has: 12.345 USD is no amount.
 *
 * @example
 * toMinorUnits(12.5, "USD"); // 1250
 * toMinorUnits(1200, "JPY"); // 1200
 */
export const toMinorUnits = (amount: number, currency: string): number | undefined => {
  const digits = CURRENCY_MINOR_UNITS[currency];
  if (digits === undefined || !Number.isFinite(amount)) return undefined;
  const scaled = amount * 10 ** digits;
  const minor = Math.round(scaled);
  // Binary floating point makes 19.99 * 100 = 1998.9999999999998: allow for that, nothing more.
  return Math.abs(scaled - minor) < 1e-6 * Math.max(1, Math.abs(scaled)) ? minor : undefined;
};

// ---------------------------------------------------------------------------------------------
// Merchants and keys

/**
 * The merchant's name as a key: accents dropped, lower case, `&` read as "and", anything else
 * that is not a letter or digit a single dash. "Café Müller & Söhne" and "CAFE MULLER AND SOHNE"
 * are the same merchant, so the duplicate check and the user's category rules find them both.
 *
 * @example
 * merchantKeyOf("  Café Müller & Söhne "); // "cafe-muller-and-sohne"
 */
export const merchantKeyOf = (merchant: string): string =>
  merchant
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);

/** The sort keys of the `receipts` table (partition key: ownerId). */
export const receiptSortKey = (photoId: string): string => `RECEIPT#${photoId}`;
export const outcomeMarkerSortKey = (photoId: string): string => `OUTCOME#${photoId}`;
export const hashMarkerSortKey = (sha256: string): string => `HASH#${sha256}`;
export const matchMarkerSortKey = (receipt: {
  merchantKey: string;
  date: string;
  totalMinor: number;
  currency: string;
}): string => `MATCH#${receipt.merchantKey}#${receipt.date}#${receipt.totalMinor}#${receipt.currency}`;

/** The sort keys of the `profiles` table (partition key: ownerId). */
export const PROFILE_SORT_KEY = "PROFILE";
export const categoryRuleSortKey = (merchantKey: string): string => `RULE#${merchantKey}`;

// ---------------------------------------------------------------------------------------------
// Workflow input

/** One upload for the workflow: who, which photo, its content hash and the uploader's hints. */
export const ReceiptWorkflowItemSchema = z.object({
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  batchId: BatchIdSchema.optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
  uploadedAt: z.iso.datetime(),
  receipt: ReceiptHintsSchema.default({}),
});

/**
 * The execution input: always a list, so one upload and a whole batch take the same path
 * through the Map state.
 */
export const ReceiptWorkflowInputSchema = z.object({
  receipts: z.array(ReceiptWorkflowItemSchema).min(1).max(MAX_FILES_PER_REQUEST),
});

/** An SQS record of the receipt-starter queue: SNS raw message delivery, body = photo.processed. */
export const PhotoProcessedRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(PhotoProcessedMessageSchema),
});

// ---------------------------------------------------------------------------------------------
// Lambda tasks

/**
 * A receipt that passed Validate: every field present and normalised, and each one storable in
 * the customer's table (the delivery message's own field schemas, delivery.ts).
 */
export const ValidatedReceiptSchema = z.object({
  merchant: ReceiptMerchantSchema,
  merchantKey: z.string().min(1),
  date: ReceiptDateSchema,
  total: z.number().positive(),
  totalMinor: TotalMinorSchema.positive(),
  currency: CurrencyCodeSchema,
});

/**
 * Validate's answer. Its shape is fixed (null rather than absent) because the state machine
 * selects every field with JSONPath, and a path to a missing field is a States.Runtime error.
 */
export const ReceiptValidationSchema = z.discriminatedUnion("valid", [
  z.object({
    valid: z.literal(true),
    receipt: ValidatedReceiptSchema,
    /** The duplicate markers' sort keys: `HASH#<sha256>`, `MATCH#<merchantKey>#<date>#<totalMinor>#<currency>`. */
    keys: z.object({ hash: z.string(), match: z.string(), categoryRule: z.string() }),
    problems: z.array(z.string()).length(0),
  }),
  z.object({
    valid: z.literal(false),
    receipt: z.null(),
    keys: z.null(),
    problems: z.array(z.string()).min(1),
  }),
]);

/** Transform's input: the validated receipt. */
export const ReceiptTransformInputSchema = z.object({ receipt: ValidatedReceiptSchema });

/** Transform's answer; `category` is null when the merchant says nothing about it. */
export const TransformedReceiptSchema = z.object({
  merchant: ReceiptMerchantSchema,
  totalMinor: TotalMinorSchema.positive(),
  currency: CurrencyCodeSchema,
  date: ReceiptDateSchema,
  category: ReceiptCategorySchema.nullable(),
});

// ---------------------------------------------------------------------------------------------
// Items

export const ReceiptStatusSchema = z.enum(["STORED", "FAILED"]);

/** How an upload's receipt ended: the counter it moved on its batch. */
export const ReceiptOutcomeSchema = z.enum(["stored", "duplicate", "invalid", "failed"]);

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

// ---------------------------------------------------------------------------------------------
// Messages

/*
 * The Store state also sends the stored receipt to the `receipt-delivery` queue; its body is
 * DeliveryMessageSchema (delivery.ts), with receiptId = the photo id (one receipt per photo).
 */

/*
 * Notifications on the events topic. Like photo events they carry `eventType` in the body and
 * as a message attribute (with `kind` = receipt), for subscription filter policies.
 */
const receiptEvent = <T extends string>(eventType: T) =>
  z.object({
    eventType: z.literal(eventType),
    ownerId: OwnerIdSchema,
    photoId: PhotoIdSchema,
    occurredAt: z.iso.datetime(),
  });

export const ReceiptStoredMessageSchema = receiptEvent("receipt.stored").extend({
  receipt: DeliveryMessageSchema.omit({ receiptId: true, ownerId: true }),
});

export const ReceiptDuplicateMessageSchema = receiptEvent("receipt.duplicate").extend({
  /** The photo that already holds this receipt. */
  duplicateOf: PhotoIdSchema,
});

export const ReceiptInvalidMessageSchema = receiptEvent("receipt.invalid").extend({
  problems: z.array(z.string()).min(1),
});

export const ReceiptFailedMessageSchema = receiptEvent("receipt.failed").extend({
  /**
   * The Step Functions error name, e.g. `States.Timeout` or `DynamoDB.ResourceNotFoundException`;
   * or, for a stored receipt the customer's database refused, a DeliveryRejectionCode.
   */
  error: z.string(),
  cause: z.string(),
});

export const ReceiptEventMessageSchema = z.discriminatedUnion("eventType", [
  ReceiptStoredMessageSchema,
  ReceiptDuplicateMessageSchema,
  ReceiptInvalidMessageSchema,
  ReceiptFailedMessageSchema,
]);

// ---------------------------------------------------------------------------------------------
// Workflow output

/** How each item of the batch ended; every item ends with one. */
export const ReceiptItemResultSchema = z.object({
  photoId: z.string().nullable(),
  outcome: ReceiptOutcomeSchema,
});

/** The output of a succeeded execution (an execution with a failed item ends in Fail instead). */
export const ReceiptWorkflowOutputSchema = z.object({
  receipts: z.array(ReceiptItemResultSchema),
  anyFailed: z.literal(false),
});

export type ReceiptWorkflowItem = z.infer<typeof ReceiptWorkflowItemSchema>;
export type ReceiptWorkflowInput = z.infer<typeof ReceiptWorkflowInputSchema>;
export type PhotoProcessedRecord = z.infer<typeof PhotoProcessedRecordSchema>;
export type ValidatedReceipt = z.infer<typeof ValidatedReceiptSchema>;
export type ReceiptValidation = z.infer<typeof ReceiptValidationSchema>;
export type ReceiptTransformInput = z.infer<typeof ReceiptTransformInputSchema>;
export type TransformedReceipt = z.infer<typeof TransformedReceiptSchema>;
export type ReceiptItem = z.infer<typeof ReceiptItemSchema>;
export type ReceiptOutcomeMarkerItem = z.infer<typeof ReceiptOutcomeMarkerItemSchema>;
export type ReceiptFailedMessage = z.infer<typeof ReceiptFailedMessageSchema>;
export type ReceiptEventMessage = z.infer<typeof ReceiptEventMessageSchema>;
export type ReceiptOutcome = z.infer<typeof ReceiptOutcomeSchema>;
export type ReceiptItemResult = z.infer<typeof ReceiptItemResultSchema>;
export type ReceiptWorkflowOutput = z.infer<typeof ReceiptWorkflowOutputSchema>;
