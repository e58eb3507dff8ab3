import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, isMissingObject, retryLater } from "@shoebox/runtime";
import {
  type AcceptedContentType,
  CORRELATION_ID_METADATA_KEY,
  type PhotoItem,
  pendingPhotoItem,
} from "@shoebox/schemas";

export interface EntryUpload {
  ownerId: string;
  batchId: string;
  photoId: string;
  /** The entry's base name, sanitised. */
  originalName: string;
  contentType: AcceptedContentType;
  bytes: Buffer;
  /** The archive's, copied onto the entry's item and object as an upload's would be. */
  correlationId?: string;
}

export interface UploadTargets {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  bucket: string;
  photosTable: string;
}

/** Writes the item unless it is there: a replay must not set a decided photo back to PENDING. */
const putPendingItem = async (targets: UploadTargets, item: PhotoItem): Promise<boolean> => {
  try {
    await targets.dynamo.send(
      new PutCommand({
        TableName: targets.photosTable,
        Item: item,
        ConditionExpression: "attribute_not_exists(#photoId)",
        ExpressionAttributeNames: { "#photoId": "photoId" },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    return retryLater(`recording photo ${item.ownerId}/${item.photoId}`)(error);
  }
};

const objectExists = async (targets: UploadTargets, key: string): Promise<boolean> => {
  try {
    await targets.s3.send(new HeadObjectCommand({ Bucket: targets.bucket, Key: key }));
    return true;
  } catch (error) {
    if (isMissingObject(error)) return false;
    return retryLater(`looking for s3://${targets.bucket}/${key}`)(error);
  }
};

/**
 * Makes one entry an upload like any other: first its PENDING item (the thumbnail function
 * expects to find it), then the object under uploads/{ownerId}/{photoId}, whose bucket
 * notification starts the thumbnail pipeline. Both carry the archive's correlation id, as an
 * upload's item and object carry its request's.
 *
 * Photo ids are deterministic, so a replayed entry finds its item: the item is left as it is
 * (it may be PROCESSED by now) and the object is written only if the earlier attempt stopped
 * before it. Returns false when both were already there.
 *
 * @example
 * await storeEntryUpload(targets, { ownerId, batchId, photoId, originalName, contentType, bytes }, now);
 */
export const storeEntryUpload = async (
  targets: UploadTargets,
  upload: EntryUpload,
  now: string,
): Promise<boolean> => {
  const item = pendingPhotoItem(
    {
      ownerId: upload.ownerId,
      photoId: upload.photoId,
      batchId: upload.batchId,
      kind: "receipt",
      originalName: upload.originalName,
      contentType: upload.contentType,
      declaredBytes: upload.bytes.length,
      ...(upload.correlationId ? { correlationId: upload.correlationId } : {}),
    },
    now,
  );
  const created = await putPendingItem(targets, item);
  if (!created && (await objectExists(targets, item.uploadKey))) return false;
  await targets.s3
    .send(
      new PutObjectCommand({
        Bucket: targets.bucket,
        Key: item.uploadKey,
        Body: upload.bytes,
        ContentType: upload.contentType,
        ContentLength: upload.bytes.length,
        ...(upload.correlationId
          ? { Metadata: { [CORRELATION_ID_METADATA_KEY]: upload.correlationId } }
          : {}),
      }),
    )
    .catch(retryLater(`storing s3://${targets.bucket}/${item.uploadKey}`));
  return true;
};
