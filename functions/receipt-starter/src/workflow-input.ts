import type { PhotoItem, PhotoProcessedMessage, ReceiptWorkflowInput } from "@shoebox/schemas";

/**
 * The execution input for one processed receipt upload, built from the message and the photo
 * item only, with no clock: a redelivered message builds the very same input, which is what
 * makes StartExecution idempotent for it (same name, same input). The upload's correlation id
 * comes from the item too, where the thumbnail function recorded it.
 *
 * @example
 * const input = workflowInput(message, photo); // { receipts: [{ ownerId, photoId, original, sha256, … }] }
 */
export const workflowInput = (message: PhotoProcessedMessage, photo: PhotoItem): ReceiptWorkflowInput => ({
  receipts: [
    {
      ownerId: message.ownerId,
      photoId: message.photoId,
      ...(message.batchId ? { batchId: message.batchId } : {}),
      original: {
        key: photo.uploadKey,
        // The version the thumbnail function decided on: a later upload to the key is not read.
        ...(photo.originalVersionId ? { versionId: photo.originalVersionId } : {}),
        contentType: photo.contentType ?? "application/octet-stream",
      },
      sha256: message.image.sha256,
      uploadedAt: photo.createdAt,
      receipt: photo.receipt ?? {},
      ...(photo.correlationId ? { correlationId: photo.correlationId } : {}),
    },
  ],
});
