import * as z from "zod";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { FailureCodeSchema, ImageFactsSchema, ThumbnailKeysSchema } from "./photos.ts";
import { UploadKindSchema } from "./uploads.ts";

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

export type PhotoProcessedMessage = z.infer<typeof PhotoProcessedMessageSchema>;
export type PhotoFailedMessage = z.infer<typeof PhotoFailedMessageSchema>;
export type PhotoEventMessage = z.infer<typeof PhotoEventMessageSchema>;
export type EventType = PhotoEventMessage["eventType"];
