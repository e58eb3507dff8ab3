import * as z from "zod";
import { BatchIdSchema, OwnerIdSchema } from "./ids.ts";

/**
 * What a batch's counters count. `processed` and `failed` are the image stage (thumbnail);
 * `stored`, `duplicate`, `invalid` and `rejected` (in review, or its review expired) are receipt
 * workflow outcomes, named as the workflow's CountOutcome state adds them; a receipt the workflow
 * fails adds to `failed` too. Every counter moves by atomic ADDs, exactly once per upload.
 */
export const BatchCounterSchema = z.enum([
  "processed",
  "failed",
  "stored",
  "duplicate",
  "invalid",
  "rejected",
]);

export const BatchCountsSchema = z.object({
  expected: z.number().int().nonnegative(),
  processed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});

/** The DynamoDB item of one upload batch (table `batches`, key ownerId + batchId). */
export const BatchItemSchema = BatchCountsSchema.partial().extend({
  ownerId: OwnerIdSchema,
  batchId: BatchIdSchema,
  createdAt: z.iso.datetime(),
});

export type BatchCounter = z.infer<typeof BatchCounterSchema>;
export type BatchCounts = z.infer<typeof BatchCountsSchema>;
export type BatchItem = z.infer<typeof BatchItemSchema>;
