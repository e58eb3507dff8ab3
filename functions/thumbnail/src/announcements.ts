import { publishEvent } from "@shoebox/runtime";
import type { PhotoItem } from "@shoebox/schemas";
import {
  type PhotoEventMessage,
  PhotoFailedMessageSchema,
  PhotoProcessedMessageSchema,
} from "@shoebox/schemas";

/**
 * The message that announces a photo's final status, built from the item alone. A replay
 * therefore sends the very same message (`occurredAt` is the item's `updatedAt`, the moment of
 * the decision), and subscribers can deduplicate on photoId + eventType + occurredAt.
 */
export const photoEventMessage = (photo: PhotoItem): PhotoEventMessage => {
  const common = {
    ownerId: photo.ownerId,
    photoId: photo.photoId,
    batchId: photo.batchId,
    kind: photo.kind,
    occurredAt: photo.updatedAt,
  };
  switch (photo.status) {
    case "PROCESSED":
      return PhotoProcessedMessageSchema.parse({
        eventType: "photo.processed",
        ...common,
        image: photo.image,
        thumbnails: photo.thumbnails,
      });
    case "FAILED":
      return PhotoFailedMessageSchema.parse({
        eventType: "photo.failed",
        ...common,
        failureCode: photo.failureCode,
        failureReason: photo.failureReason,
      });
    case "PENDING":
      throw new RangeError(
        `photo ${photo.ownerId}/${photo.photoId} is still PENDING: there is nothing to announce`,
      );
  }
};

/** Publishes a photo event on the events topic (publishEvent: eventType and kind as attributes). */
export const publishPhotoEvent = (topicArn: string, message: PhotoEventMessage): Promise<void> =>
  publishEvent(topicArn, message.kind, message);
