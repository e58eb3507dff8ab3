import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { newId, reserveUploads, type UploadLimits } from "@shoebox/runtime";
import {
  type AcceptedUpload,
  archiveKey,
  type PhotoItem,
  pendingPhotoItem,
  type RejectedUpload,
  type UploadFile,
  type UploadRequest,
  type UploadResponse,
} from "@shoebox/schemas";
import { isArchive, refusalReason } from "./admission.ts";
import { addToBatch, putBatchItem, putPhotoItems } from "./photo-records.ts";
import { presignUpload } from "./presign.ts";

export interface UploadSettings {
  bucket: string;
  table: string;
  batchesTable: string;
  maxUploadBytes: number;
  maxArchiveBytes: number;
  urlTtlSeconds: number;
  limits: UploadLimits;
}

export interface UploadDependencies {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  now?: () => Date;
}

interface AdmittedFile {
  index: number;
  file: UploadFile;
  key: string;
  /** The PENDING item of an image; an archive's images get theirs when it is fanned out. */
  item?: PhotoItem;
}

/** Who asked, and the correlation id of their request. */
export interface UploadCaller {
  ownerId: string;
  correlationId: string;
}

/**
 * Turns one request for many files into a batch (a new one, or the caller's `batchId`): a
 * PENDING item and a presigned POST for every admissible image, a presigned POST for at most
 * one zip archive of receipts, and a reason for every refused file. The admitted files count
 * on the caller's daily limits first: a request over one records nothing (LimitExceededError).
 * The request's correlation id goes on every item, into every POST's policy (the object's
 * metadata), and into the answer.
 */
export const createUploads = async (
  { ownerId, correlationId }: UploadCaller,
  request: UploadRequest,
  settings: UploadSettings,
  dependencies: UploadDependencies,
): Promise<UploadResponse> => {
  const now = (dependencies.now ?? (() => new Date()))();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + settings.urlTtlSeconds * 1000).toISOString();
  const batchId = request.batchId ?? newId();
  const rules = { maxUploadBytes: settings.maxUploadBytes, maxArchiveBytes: settings.maxArchiveBytes };

  const rejected: RejectedUpload[] = [];
  const admitted: AdmittedFile[] = [];
  let batchHasArchive = request.batchId !== undefined;
  request.files.forEach((file, index) => {
    const reason = refusalReason(file, rules, batchHasArchive);
    if (reason) {
      rejected.push({ index, name: file.name, reason });
    } else if (isArchive(file)) {
      batchHasArchive = true;
      admitted.push({ index, file, key: archiveKey(ownerId, batchId) });
    } else {
      const item = pendingPhotoItem(
        {
          ownerId,
          photoId: newId(),
          batchId,
          kind: file.kind,
          originalName: file.name,
          contentType: file.contentType,
          declaredBytes: file.size,
          ...(file.receipt ? { receipt: file.receipt } : {}),
          correlationId,
        },
        createdAt,
      );
      admitted.push({ index, file, key: item.uploadKey, item });
    }
  });

  const giveBack = await reserveUploads(
    dependencies.dynamo,
    settings.limits,
    ownerId,
    { files: admitted.length, bytes: admitted.reduce((sum, entry) => sum + entry.file.size, 0) },
    now,
  );
  try {
    // The batch's counters exist before any of its uploads can be processed and counted.
    const items = admitted.flatMap((entry) => (entry.item ? [entry.item] : []));
    if (request.batchId) {
      await addToBatch(dependencies.dynamo, settings.batchesTable, { ownerId, batchId }, items.length);
    } else if (admitted.length > 0) {
      await putBatchItem(dependencies.dynamo, settings.batchesTable, {
        ownerId,
        batchId,
        createdAt,
        expected: items.length,
        processed: 0,
        failed: 0,
        stored: 0,
        duplicate: 0,
        invalid: 0,
      });
    }
    await putPhotoItems(dependencies.dynamo, settings.table, items);

    const uploads: AcceptedUpload[] = await Promise.all(
      admitted.map(async ({ index, file, key, item }) => ({
        index,
        name: file.name,
        ...(item ? { photoId: item.photoId } : {}),
        key,
        upload: await presignUpload(dependencies.s3, {
          bucket: settings.bucket,
          key,
          contentType: file.contentType,
          maxBytes: file.size,
          expiresInSeconds: settings.urlTtlSeconds,
          correlationId,
        }),
        expiresAt,
      })),
    );

    return { batchId, correlationId, uploads, rejected };
  } catch (error) {
    // No URL was handed out, so none of the uploads this request counted can happen.
    await giveBack();
    throw error;
  }
};
