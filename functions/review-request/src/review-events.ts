import { publishEvent } from "@shoebox/runtime";
import {
  type ReviewEscalatedMessage,
  ReviewEscalatedMessageSchema,
  type ReviewRequest,
  type ReviewRequestedMessage,
  ReviewRequestedMessageSchema,
} from "@shoebox/schemas";

/**
 * What tells the owner a receipt waits for them: review.requested for the first round,
 * review.escalated for the second.
 *
 * @example
 * reviewOpenedMessage(request, "2026-11-25T10:00:00.000Z", new Date()); // { eventType: "review.requested", ... }
 */
export const reviewOpenedMessage = (
  request: ReviewRequest,
  deadlineAt: string,
  now: Date,
): ReviewRequestedMessage | ReviewEscalatedMessage => {
  const message = {
    ownerId: request.ownerId,
    photoId: request.photoId,
    occurredAt: now.toISOString(),
    round: request.round,
    reasons: request.reasons,
    fields: request.fields,
    deadlineAt,
  };
  return request.round === 1
    ? ReviewRequestedMessageSchema.parse({ ...message, eventType: "review.requested" })
    : ReviewEscalatedMessageSchema.parse({ ...message, eventType: "review.escalated" });
};

/**
 * Publishes it on the events topic with eventType, kind = receipt and ownerId as message
 * attributes: an owner's email subscription filters on its owner id.
 */
export const publishReviewOpened = (
  topicArn: string,
  message: ReviewRequestedMessage | ReviewEscalatedMessage,
): Promise<void> => publishEvent(topicArn, "receipt", message, { ownerId: message.ownerId });
