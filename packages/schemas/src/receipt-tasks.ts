import * as z from "zod";
import { CorrelationIdSchema } from "./correlation.ts";
import { CurrencyCodeSchema } from "./currencies.ts";
import {
  ReceiptCategorySchema,
  ReceiptDateSchema,
  ReceiptMerchantSchema,
  TotalMinorSchema,
} from "./delivery.ts";
import { ReceiptFindingSchema } from "./receipt-items.ts";
import { ReceiptReadingSchema } from "./receipt-reading.ts";
import { ReceiptWorkflowItemSchema } from "./receipt-workflow.ts";
import { ReviewFieldsSchema, ReviewReasonSchema, ReviewTaskOutputSchema } from "./reviews.ts";

/*
 * What the receipt workflow's Lambda tasks (receipt-validate, receipt-transform) take and
 * answer. The state machine selects these fields with JSONPath, so a field renamed here must be
 * renamed in asl/receipt-workflow.asl.json too.
 */

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

/** A DynamoDB attribute value in the wire format (`{ "L": [...] }`, `{ "M": {...} }`). */
const AttributeValueSchema = z.record(z.string(), z.unknown());

/**
 * What the state machine writes on the receipt item as they are, already in DynamoDB's wire
 * format: JSONPath cannot turn a list of objects into attribute values, so Validate does.
 */
export const ReceiptItemAttributesSchema = z.object({
  reading: AttributeValueSchema,
  findings: AttributeValueSchema,
  problems: AttributeValueSchema,
  /** The owner's decision in review ({ NULL: true } when none). */
  review: AttributeValueSchema,
});

/**
 * Whether the receipt waits for its owner (issue 15), why, and the fields as they would be
 * stored (what the person sees and corrects). `reasonsIfDuplicate` is the reasons to use should
 * CheckDuplicate find a business-key match: null when such a match is a certain duplicate.
 */
export const ReceiptReviewNeedSchema = z.object({
  needed: z.boolean(),
  reasons: z.array(ReviewReasonSchema),
  reasonsIfDuplicate: z.array(ReviewReasonSchema).nullable(),
  fields: ReviewFieldsSchema,
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
    findings: z.array(ReceiptFindingSchema),
    review: ReceiptReviewNeedSchema,
    attributes: ReceiptItemAttributesSchema,
  }),
  z.object({
    valid: z.literal(false),
    receipt: z.null(),
    keys: z.null(),
    problems: z.array(z.string()).min(1),
    findings: z.array(ReceiptFindingSchema),
    review: ReceiptReviewNeedSchema,
    attributes: ReceiptItemAttributesSchema,
  }),
]);

/**
 * Validate's input: the workflow item as Extract left it, with what was read (null when the
 * item reached Validate without a reading), and after a review the owner's decision with the
 * reasons they were shown (the workflow's ApplyDecision state).
 */
export const ReceiptValidateInputSchema = ReceiptWorkflowItemSchema.extend({
  reading: ReceiptReadingSchema.nullable().default(null),
  reviewed: z.object({ decision: ReviewTaskOutputSchema, reasons: z.array(ReviewReasonSchema) }).optional(),
});

/** Transform's input: the validated receipt, and the upload's correlation id for the log lines. */
export const ReceiptTransformInputSchema = z.object({
  receipt: ValidatedReceiptSchema,
  correlationId: CorrelationIdSchema.optional(),
});

/** Transform's answer; `category` is null when the merchant says nothing about it. */
export const TransformedReceiptSchema = z.object({
  merchant: ReceiptMerchantSchema,
  totalMinor: TotalMinorSchema.positive(),
  currency: CurrencyCodeSchema,
  date: ReceiptDateSchema,
  category: ReceiptCategorySchema.nullable(),
});

export type ValidatedReceipt = z.infer<typeof ValidatedReceiptSchema>;
export type ReceiptValidation = z.infer<typeof ReceiptValidationSchema>;
export type ReceiptValidateInput = z.infer<typeof ReceiptValidateInputSchema>;
export type ReceiptTransformInput = z.infer<typeof ReceiptTransformInputSchema>;
export type TransformedReceipt = z.infer<typeof TransformedReceiptSchema>;
