import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  dynamoDocumentClient,
  isConditionalCheckFailed,
  isTransactionConditionFailed,
  type NotifiedObject,
  retryLater,
} from "@shoebox/runtime";
import {
  type BatchCounter,
  type FailureCode,
  type ImageFacts,
  type PhotoItem,
  PhotoItemSchema,
  type UploadKey,
  type UploadKind,
} from "@shoebox/schemas";

/** What the function decided about an upload; both are final. */
export type PhotoOutcome =
  | { status: "PROCESSED"; image: ImageFacts; thumbnails: Record<string, string> }
  | { status: "FAILED"; failureCode: FailureCode; failureReason: string };

type PhotoKey = Pick<UploadKey, "ownerId" | "photoId">;

/** An upload as its S3 event names it: the key and, in the versioned bucket, the version created. */
export type NotifiedUpload = NotifiedObject<UploadKey>;

/**
 * A later upload to the key of a photo already decided: its version is not the one the photo
 * pins. (Without version ids, as from an unversioned bucket, nothing can be told apart.)
 */
export const isOverwrite = (photo: PhotoItem, upload: NotifiedUpload): boolean =>
  photo.originalVersionId !== undefined &&
  upload.versionId !== undefined &&
  photo.originalVersionId !== upload.versionId;

/** PROCESSED and FAILED are final: nothing moves a photo out of them. */
export const isFinalPhoto = (photo: PhotoItem): boolean => photo.status !== "PENDING";

/** Reads a photo item, strongly consistent so a retry sees the write of the attempt before it. */
export const readPhoto = async (
  table: string,
  { ownerId, photoId }: PhotoKey,
): Promise<PhotoItem | undefined> => {
  const { Item } = await dynamoDocumentClient()
    .send(new GetCommand({ TableName: table, Key: { ownerId, photoId }, ConsistentRead: true }))
    .catch(retryLater(`reading photo ${ownerId}/${photoId}`));
  return Item ? PhotoItemSchema.parse(Item) : undefined;
};

/**
 * Claims a PENDING photo for the version its event names, before anything is rendered: of two
 * uploads to one key handled at once, only the claimed version's delivery writes thumbnails.
 * True when the photo is pinned to this version (now or by an earlier try of the same event).
 */
export const pinVersion = async (
  table: string,
  upload: NotifiedUpload & { versionId: string },
): Promise<boolean> => {
  try {
    await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: { ownerId: upload.ownerId, photoId: upload.photoId },
        UpdateExpression: "SET #version = :version",
        ConditionExpression:
          "attribute_exists(#photoId) AND (attribute_not_exists(#version) OR #version = :version)",
        ExpressionAttributeNames: { "#version": "originalVersionId", "#photoId": "photoId" },
        ExpressionAttributeValues: { ":version": upload.versionId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    return retryLater(`pinning photo ${upload.ownerId}/${upload.photoId} to version ${upload.versionId}`)(
      error,
    );
  }
};

/**
 * Records the outcome, only while the photo is PENDING (or not there yet: the upload API
 * normally writes the item first), so a status never moves backwards and two deliveries of
 * one event cannot both decide. The version decided on is pinned on the photo, and the
 * upload's correlation id recorded when it is known. Returns the item as written, or
 * `undefined` when another delivery decided first.
 */
export const recordOutcome = async (
  table: string,
  upload: NotifiedUpload,
  outcome: PhotoOutcome,
  now: string,
  correlationId: string | undefined,
): Promise<PhotoItem | undefined> => {
  const details: Record<string, unknown> = {
    ...(outcome.status === "PROCESSED"
      ? { image: outcome.image, thumbnails: outcome.thumbnails }
      : { failureCode: outcome.failureCode, failureReason: outcome.failureReason }),
    ...(upload.versionId ? { originalVersionId: upload.versionId } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
  const assignments = Object.keys(details).map((name) => `#${name} = :${name}`);
  const defaultKind: UploadKind = "photo";
  let written: Record<string, unknown> | undefined;
  try {
    ({ Attributes: written } = await dynamoDocumentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: { ownerId: upload.ownerId, photoId: upload.photoId },
        UpdateExpression: [
          "SET #status = :status, #updatedAt = :now",
          "#createdAt = if_not_exists(#createdAt, :now)",
          "#kind = if_not_exists(#kind, :kind)",
          "#uploadKey = if_not_exists(#uploadKey, :uploadKey)",
          ...assignments,
        ].join(", "),
        ConditionExpression: "attribute_not_exists(#photoId) OR #status = :pending",
        ExpressionAttributeNames: Object.fromEntries(
          ["status", "updatedAt", "createdAt", "kind", "uploadKey", "photoId", ...Object.keys(details)].map(
            (name) => [`#${name}`, name],
          ),
        ),
        ExpressionAttributeValues: {
          ":status": outcome.status,
          ":pending": "PENDING",
          ":now": now,
          ":kind": defaultKind,
          ":uploadKey": upload.key,
          ...Object.fromEntries(Object.entries(details).map(([name, value]) => [`:${name}`, value])),
        },
        ReturnValues: "ALL_NEW",
      }),
    ));
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    return retryLater(`recording photo ${upload.ownerId}/${upload.photoId} as ${outcome.status}`)(error);
  }
  return PhotoItemSchema.parse(written);
};

/**
 * Notes that the outcome was announced and counts it on the photo's batch, in one transaction:
 * the counter moves exactly once per photo, together with `notifiedAt`, and a replay that finds
 * `notifiedAt` set changes nothing. A photo deleted in the meantime is left deleted (the
 * condition stops the update from creating a stub item).
 */
export const markNotified = async (
  tables: { photosTable: string; batchesTable: string },
  photo: PhotoItem,
  now: string,
): Promise<void> => {
  const { ownerId, photoId, batchId } = photo;
  const counter: BatchCounter = photo.status === "PROCESSED" ? "processed" : "failed";
  const markPhoto = {
    Update: {
      TableName: tables.photosTable,
      Key: { ownerId, photoId },
      UpdateExpression: "SET #notifiedAt = :now",
      ConditionExpression: "attribute_exists(#photoId) AND attribute_not_exists(#notifiedAt)",
      ExpressionAttributeNames: { "#notifiedAt": "notifiedAt", "#photoId": "photoId" },
      ExpressionAttributeValues: { ":now": now },
    },
  };
  const countOnBatch = batchId
    ? [
        {
          Update: {
            TableName: tables.batchesTable,
            Key: { ownerId, batchId },
            UpdateExpression: "ADD #counter :one",
            ExpressionAttributeNames: { "#counter": counter },
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ]
    : [];
  await dynamoDocumentClient()
    .send(new TransactWriteCommand({ TransactItems: [markPhoto, ...countOnBatch] }))
    .catch((error: unknown) => {
      if (!isTransactionConditionFailed(error))
        retryLater(`marking photo ${ownerId}/${photoId} notified`)(error);
    });
};
