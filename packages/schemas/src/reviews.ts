import * as z from "zod";
import { CorrelationIdSchema } from "./correlation.ts";
import { OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { ReceiptReadingSchema, ReceiptReadRequestSchema } from "./receipt-reading.ts";
import { CheckedReceiptFieldSchema, ReceiptHintsSchema } from "./uploads.ts";

/*
 * Human review (issue 15). A receipt the machine is unsure of waits for its owner: the workflow's
 * AwaitReview task (lambda:invoke.waitForTaskToken) records a REVIEW#<photoId> item with the task
 * token; the review API takes the owner's decision and hands it back to the workflow with
 * SendTaskSuccess (approve, correct) or SendTaskFailure (reject). The review id is the photo id:
 * a receipt has at most one review, which an escalation reopens for a second round.
 */

/** The sort key of a receipt's review in the `receipts` table. */
export const reviewSortKey = (photoId: string): string => `REVIEW#${photoId}`;

/** `REVIEW#`: a key condition on it reads the reviews of a partition and nothing else. */
export const REVIEW_PREFIX = reviewSortKey("");

/** The error a rejected review fails its workflow task with (SendTaskFailure), caught by the workflow. */
export const REVIEW_REJECTED_ERROR = "Review.Rejected";

/**
 * Why a receipt waits for a person: what the reading left unsure (a finding), a business rule the
 * read values break, a likely duplicate of another receipt, or a total over the owner's limit.
 */
export const ReviewReasonSchema = z.object({
  code: z.enum([
    "HINT_DISAGREES",
    "LOW_CONFIDENCE",
    "NOT_READ",
    "BROKEN_RULE",
    "LIKELY_DUPLICATE",
    "OVER_LIMIT",
  ]),
  field: CheckedReceiptFieldSchema.optional(),
  message: z.string(),
});

/** 1, or 2 after an escalation (the first round expired and the deployment escalates). */
export const ReviewRoundSchema = z.number().int().min(1).max(2);

/**
 * PENDING until decided; EXPIRED when its deadline passed without a decision, or when a decision
 * arrived after the workflow had stopped waiting for it.
 */
export const ReviewStatusSchema = z.enum(["PENDING", "APPROVED", "CORRECTED", "REJECTED", "EXPIRED"]);

/** The receipt's fields as a person sees and corrects them: the uploader's hints' shape. */
export const ReviewFieldsSchema = ReceiptHintsSchema;

/** `POST /reviews/{id}`: the owner's decision. */
export const ReviewDecisionRequestSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approve") }).strict(),
  z
    .object({
      action: z.literal("correct"),
      fields: ReviewFieldsSchema.refine((fields) => Object.keys(fields).length > 0, {
        message: "name at least one field to correct",
      }),
    })
    .strict(),
  z.object({ action: z.literal("reject"), reason: z.string().trim().min(1).max(500) }).strict(),
]);

/** A decision as it is kept, on the review and on the receipt: who, when, the fields before and after. */
export const ReviewDecisionRecordSchema = z.object({
  action: z.enum(["approve", "correct", "reject"]),
  /** The reviewer's owner id (a user reviews only their own receipts). */
  reviewer: OwnerIdSchema,
  decidedAt: z.iso.datetime(),
  before: ReviewFieldsSchema,
  after: ReviewFieldsSchema,
  reason: z.string().optional(),
});

/**
 * What SendTaskSuccess hands the waiting workflow task: the decision, with the fields the receipt
 * is to be stored with (`after`). A rejection is SendTaskFailure instead (REVIEW_REJECTED_ERROR,
 * the reason as the cause).
 */
export const ReviewTaskOutputSchema = ReviewDecisionRecordSchema.extend({
  action: z.enum(["approve", "correct"]),
});

/**
 * The AwaitReview task's payload (lambda:invoke.waitForTaskToken): the token to wait on, which
 * receipt, why it needs a person, and the fields as the workflow would store them.
 */
export const ReviewRequestSchema = z.object({
  taskToken: z.string().min(1).max(1024),
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  original: ReceiptReadRequestSchema.shape.original,
  round: ReviewRoundSchema,
  reasons: z.array(ReviewReasonSchema).min(1),
  fields: ReviewFieldsSchema,
  reading: ReceiptReadingSchema.nullable(),
  /** How long the person has (the task's HeartbeatSeconds), for the deadline shown to them. */
  deadlineSeconds: z.number().int().positive(),
  /** The upload's correlation id (correlation.ts), for the function's log lines and messages. */
  correlationId: CorrelationIdSchema.optional(),
});

/**
 * `REVIEW#<photoId>` in the `receipts` table. A new round (or a new workflow run) overwrites it
 * and keeps `decisions`: the history of every round.
 */
export const ReviewItemSchema = z.object({
  ownerId: OwnerIdSchema,
  sk: z.string().startsWith(REVIEW_PREFIX),
  photoId: PhotoIdSchema,
  status: ReviewStatusSchema,
  /**
   * The token of the round's waiting task, which a decision hands back. Kept after the round
   * ended (it is useless then): a repeated request of the same round is told from a new one by it.
   */
  taskToken: z.string().optional(),
  round: ReviewRoundSchema,
  reasons: z.array(ReviewReasonSchema),
  fields: ReviewFieldsSchema,
  reading: ReceiptReadingSchema.nullable(),
  original: ReceiptReadRequestSchema.shape.original,
  requestedAt: z.iso.datetime(),
  /**
   * requestedAt + deadlineSeconds: the deadline as requested. Opening the review sends a
   * heartbeat, which moves the workflow's real deadline later, never earlier.
   */
  deadlineAt: z.iso.datetime(),
  /** Each decision that reached the workflow, oldest first, across rounds. */
  decisions: z.array(ReviewDecisionRecordSchema),
  /** When it was decided or expired. */
  endedAt: z.iso.datetime().optional(),
});

/** A review as `GET /reviews` lists it. */
export const ReviewSummarySchema = z.object({
  reviewId: PhotoIdSchema,
  photoId: PhotoIdSchema,
  status: ReviewStatusSchema,
  round: ReviewRoundSchema,
  reasons: z.array(ReviewReasonSchema),
  fields: ReviewFieldsSchema,
  requestedAt: z.iso.datetime(),
  deadlineAt: z.iso.datetime(),
});

/** `GET /reviews?limit=&nextToken=`. */
export const ReviewListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The nextToken of the previous page, as it was answered. */
  nextToken: z.string().min(1).max(1024).optional(),
});

/**
 * The caller's pending reviews, oldest receipt first (the review id is the photo id, a ULID).
 * `nextToken` is absent only when no review remains: a page may hold fewer than `limit` reviews
 * and still have one (each request reads a bounded number of the caller's reviews).
 */
export const ReviewListResponseSchema = z.object({
  reviews: z.array(ReviewSummarySchema),
  nextToken: z.string().optional(),
});

/** `GET /reviews/{id}` and the answer of `POST /reviews/{id}`. */
export const ReviewDetailSchema = ReviewSummarySchema.extend({
  reading: ReceiptReadingSchema.nullable(),
  decisions: z.array(ReviewDecisionRecordSchema),
  /** A presigned GET of the original image, valid for a few minutes. */
  imageUrl: z.url(),
});

export type ReviewReason = z.infer<typeof ReviewReasonSchema>;
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;
export type ReviewRound = z.infer<typeof ReviewRoundSchema>;
export type ReviewFields = z.infer<typeof ReviewFieldsSchema>;
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequestSchema>;
export type ReviewDecisionRecord = z.infer<typeof ReviewDecisionRecordSchema>;
export type ReviewTaskOutput = z.infer<typeof ReviewTaskOutputSchema>;
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;
export type ReviewListQuery = z.infer<typeof ReviewListQuerySchema>;
export type ReviewListResponse = z.infer<typeof ReviewListResponseSchema>;
export type ReviewDetail = z.infer<typeof ReviewDetailSchema>;
