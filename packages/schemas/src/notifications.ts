import * as z from "zod";
import { DeliveryMessageSchema } from "./delivery.ts";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { UploadKindSchema } from "./image-types.ts";
import { FailureCodeSchema, ImageFactsSchema, ThumbnailKeysSchema } from "./photos.ts";
import { ReceiptFindingSchema } from "./receipt-items.ts";
import { ReviewFieldsSchema, ReviewReasonSchema, ReviewRoundSchema } from "./reviews.ts";

/**
 * Every message on the events topic carries its type twice: in the body, and as the
 * `eventType` message attribute that subscription filter policies match on.
 */
export const PhotoProcessedMessageSchema = z.object({
  eventType: z.literal("photo.processed"),
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  batchId: BatchIdSchema.optional(),
  kind: UploadKindSchema,
  image: ImageFactsSchema,
  thumbnails: ThumbnailKeysSchema,
  occurredAt: z.iso.datetime(),
});

export const PhotoFailedMessageSchema = z.object({
  eventType: z.literal("photo.failed"),
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  batchId: BatchIdSchema.optional(),
  kind: UploadKindSchema,
  failureCode: FailureCodeSchema,
  failureReason: z.string(),
  occurredAt: z.iso.datetime(),
});

export const PhotoEventMessageSchema = z.discriminatedUnion("eventType", [
  PhotoProcessedMessageSchema,
  PhotoFailedMessageSchema,
]);

/*
 * The receipt workflow's notifications on the events topic. Like photo events they carry
 * `eventType` in the body and as a message attribute (with `kind` = receipt), for subscription
 * filter policies. (The Store state also sends the stored receipt to the `receipt-delivery`
 * queue; its body is DeliveryMessageSchema, delivery.ts, with receiptId = the photo id.)
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
  /** What a person should look at: hints the reading contradicts, fields read unsurely or not at all. */
  findings: z.array(ReceiptFindingSchema),
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

/*
 * Human review's notifications (reviews.ts), on the events topic with `kind` = receipt like the
 * receipt events, and the owner id as a third message attribute (`ownerId`), so an email
 * subscription can filter on its owner. review.requested: a receipt waits for its owner (round
 * 1); review.escalated: the first round expired and a second one opened; both sent by
 * functions/review-request. review.reminder: the workflow's reminders while a round waits.
 */

const reviewEvent = <T extends string, R extends number>(eventType: T, round: z.ZodType<R>) =>
  receiptEvent(eventType).extend({ round });

/** What the owner is asked to look at, and until when. */
const reviewOpened = {
  reasons: z.array(ReviewReasonSchema).min(1),
  fields: ReviewFieldsSchema,
  deadlineAt: z.iso.datetime(),
};

export const ReviewRequestedMessageSchema = reviewEvent("review.requested", z.literal(1)).extend(
  reviewOpened,
);

export const ReviewEscalatedMessageSchema = reviewEvent("review.escalated", z.literal(2)).extend(
  reviewOpened,
);

export const ReviewReminderMessageSchema = reviewEvent("review.reminder", ReviewRoundSchema);

export const ReviewEventMessageSchema = z.discriminatedUnion("eventType", [
  ReviewRequestedMessageSchema,
  ReviewEscalatedMessageSchema,
  ReviewReminderMessageSchema,
]);

export type PhotoProcessedMessage = z.infer<typeof PhotoProcessedMessageSchema>;
export type PhotoFailedMessage = z.infer<typeof PhotoFailedMessageSchema>;
export type PhotoEventMessage = z.infer<typeof PhotoEventMessageSchema>;
export type EventType = PhotoEventMessage["eventType"];
export type ReceiptFailedMessage = z.infer<typeof ReceiptFailedMessageSchema>;
export type ReceiptEventMessage = z.infer<typeof ReceiptEventMessageSchema>;
export type ReviewRequestedMessage = z.infer<typeof ReviewRequestedMessageSchema>;
export type ReviewEscalatedMessage = z.infer<typeof ReviewEscalatedMessageSchema>;
export type ReviewEventMessage = z.infer<typeof ReviewEventMessageSchema>;
