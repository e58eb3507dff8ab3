import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SFNClient } from "@aws-sdk/client-sfn";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HttpError, logger } from "@shoebox/runtime";
import type { PhotoItem } from "@shoebox/schemas";
import { deletePhotoItem, getPhoto } from "./photo-queries.ts";
import { isReceiptInWorkflow } from "./receipt-workflow.ts";

export interface PhotoDeletionTarget {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  sfn: SFNClient;
  photosTable: string;
  uploadsBucket: string;
  thumbnailsBucket: string;
  receiptWorkflowArn: string;
}

/**
 * Why the photo cannot be deleted yet, or undefined when it can. Every refusal is for now only:
 * the photo is still moving, and deleting it under the function that moves it would bring it
 * back or lose a count.
 * - PENDING: the thumbnail function may still get its upload, and would write the item again.
 * - decided but not announced: the announcement counts the photo on its batch (`notifiedAt`
 *   and the counter move together), which cannot happen once the item is gone.
 * - a receipt whose workflow runs: the workflow reads the original, and a review shows it.
 */
const deletionRefusal = async (
  photo: PhotoItem,
  target: PhotoDeletionTarget,
): Promise<string | undefined> => {
  if (photo.status === "PENDING")
    return "the photo is still being uploaded or processed: delete it once it is PROCESSED or FAILED";
  if (!photo.notifiedAt) return "the photo's outcome is still being recorded: try again in a minute";
  if (
    photo.kind === "receipt" &&
    photo.status === "PROCESSED" &&
    (await isReceiptInWorkflow(target.sfn, target.receiptWorkflowArn, photo.photoId))
  )
    return "the receipt is still being read, or waits for your review (GET /reviews): delete it once its receipt is recorded";
  return undefined;
};

/**
 * The original and every thumbnail. The buckets are versioned, so each DELETE leaves a delete
 * marker: the objects are gone for every reader at once, and their bytes are erased when the
 * buckets' lifecycle expires noncurrent versions (30 days). Deleting a key that is not there
 * succeeds, so a retry after a partial failure is harmless.
 */
const deleteObjects = async (photo: PhotoItem, target: PhotoDeletionTarget): Promise<void> => {
  await Promise.all([
    target.s3.send(new DeleteObjectCommand({ Bucket: target.uploadsBucket, Key: photo.uploadKey })),
    ...Object.values(photo.thumbnails ?? {}).map((key) =>
      target.s3.send(new DeleteObjectCommand({ Bucket: target.thumbnailsBucket, Key: key })),
    ),
  ]);
};

/**
 * DELETE /photos/{id}: the caller's photo, its original, its thumbnails and its item. False when
 * the caller has no such photo (never had, or deleted it already: nothing is kept of a deleted
 * photo, so the two answer alike); HttpError 409 while the photo is still moving.
 *
 * The objects go first and the item last: a failure halfway leaves the item, so the client's
 * retry finds the photo and finishes. A receipt's record (GET /receipts, and the row already
 * delivered to the customer's database) is bookkeeping, not the image, and stays; so do the
 * batch's counters, which say what became of each upload, not what is kept.
 *
 * @example
 * await deletePhoto(ownerId, photoId, target); // true: deleted
 */
export const deletePhoto = async (
  ownerId: string,
  photoId: string,
  target: PhotoDeletionTarget,
): Promise<boolean> => {
  const photo = await getPhoto(target.dynamo, target.photosTable, ownerId, photoId, { consistent: true });
  if (!photo) return false;
  const refusal = await deletionRefusal(photo, target);
  if (refusal) throw new HttpError(409, refusal);
  await deleteObjects(photo, target);
  const deleted = await deletePhotoItem(target.dynamo, target.photosTable, photo);
  if (deleted) {
    logger.info("photo deleted", {
      ownerId,
      photoId,
      kind: photo.kind,
      status: photo.status,
      thumbnails: Object.keys(photo.thumbnails ?? {}).length,
    });
  }
  return deleted;
};
