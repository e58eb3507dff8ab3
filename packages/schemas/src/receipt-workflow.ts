import * as z from "zod";
import { CorrelationIdSchema } from "./correlation.ts";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { PhotoProcessedMessageSchema } from "./notifications.ts";
import { ReceiptOutcomeSchema } from "./receipt-items.ts";
import { ReceiptReadRequestSchema } from "./receipt-reading.ts";
import { sqsRecordWithJsonBody } from "./sqs-records.ts";
import { MAX_FILES_PER_REQUEST, ReceiptHintsSchema } from "./uploads.ts";

/*
 * The receipt workflow (asl/receipt-workflow.asl.json): what starts it, what goes in and what
 * comes out (its Lambda tasks' answers are in receipt-tasks.ts). The state machine reads these
 * shapes through JSONPath, so a field renamed here must be renamed in the ASL too; the workflow
 * tests run the real ASL against these schemas.
 */

/** An SQS record of the receipt-starter queue: SNS raw message delivery, body = photo.processed. */
export const PhotoProcessedRecordSchema = sqsRecordWithJsonBody(PhotoProcessedMessageSchema);

/**
 * One upload for the workflow: who, which photo, the original to read (its key, the version that
 * was processed, its type), its content hash and the uploader's hints (optional: the Extract
 * step reads the fields from the image).
 */
export const ReceiptWorkflowItemSchema = z.object({
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  batchId: BatchIdSchema.optional(),
  original: ReceiptReadRequestSchema.shape.original,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
  uploadedAt: z.iso.datetime(),
  receipt: ReceiptHintsSchema.default({}),
  /**
   * The upload's correlation id, which the workflow puts on its messages and task payloads. An
   * item without one (an upload older than correlation ids) is followed by its photo id instead.
   */
  correlationId: CorrelationIdSchema.optional(),
});

/**
 * The execution input: always a list, so one upload and a whole batch take the same path
 * through the Map state.
 */
export const ReceiptWorkflowInputSchema = z.object({
  receipts: z.array(ReceiptWorkflowItemSchema).min(1).max(MAX_FILES_PER_REQUEST),
});

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

export type PhotoProcessedRecord = z.infer<typeof PhotoProcessedRecordSchema>;
export type ReceiptWorkflowItem = z.infer<typeof ReceiptWorkflowItemSchema>;
export type ReceiptWorkflowInput = z.infer<typeof ReceiptWorkflowInputSchema>;
export type ReceiptItemResult = z.infer<typeof ReceiptItemResultSchema>;
export type ReceiptWorkflowOutput = z.infer<typeof ReceiptWorkflowOutputSchema>;
