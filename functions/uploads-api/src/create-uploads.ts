import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { newId } from "@shoebox/runtime";
import {
  type AcceptedUpload,
  type PhotoItem,
  type RejectedUpload,
  type UploadFile,
  type UploadRequest,
  type UploadResponse,
  uploadKey,
} from "@shoebox/schemas";
import { refusalReason } from "./admission.ts";
import { putBatchItem, putPhotoItems } from "./photo-records.ts";
import { presignUpload } from "./presign.ts";

export interface UploadSettings {
  bucket: string;
  table: string;
  batchesTable: string;
  maxUploadBytes: number;
  urlTtlSeconds: number;
}

export interface UploadDependencies {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  now?: () => Date;
}

/**
 * Turns one request for many files into one batch: a PENDING item and a presigned POST for
 * every admissible file, a reason for every refused one.
 */
export const createUploads = async (
  ownerId: string,
  request: UploadRequest,
  settings: UploadSettings,
  dependencies: UploadDependencies,
): Promise<UploadResponse> => {
  const now = (dependencies.now ?? (() => new Date()))();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + settings.urlTtlSeconds * 1000).toISOString();
  const batchId = newId();

  const rejected: RejectedUpload[] = [];
  const admitted: { index: number; file: UploadFile; item: PhotoItem }[] = [];
  request.files.forEach((file, index) => {
    const reason = refusalReason(file, { maxUploadBytes: settings.maxUploadBytes });
    if (reason) {
      rejected.push({ index, name: file.name, reason });
      return;
    }
    const photoId = newId();
    admitted.push({
      index,
      file,
      item: {
        ownerId,
        photoId,
        batchId,
        kind: file.kind,
        status: "PENDING",
        originalName: file.name,
        contentType: file.contentType,
        declaredBytes: file.size,
        uploadKey: uploadKey(ownerId, photoId),
        ...(file.receipt ? { receipt: file.receipt } : {}),
        createdAt,
        updatedAt: createdAt,
      },
    });
  });

  if (admitted.length > 0) {
    await putBatchItem(dependencies.dynamo, settings.batchesTable, {
      ownerId,
      batchId,
      createdAt,
      expected: admitted.length,
      processed: 0,
      failed: 0,
      stored: 0,
      duplicate: 0,
      invalid: 0,
    });
  }
  await putPhotoItems(
    dependencies.dynamo,
    settings.table,
    admitted.map(({ item }) => item),
  );

  const uploads: AcceptedUpload[] = await Promise.all(
    admitted.map(async ({ index, file, item }) => ({
      index,
      name: file.name,
      photoId: item.photoId,
      key: item.uploadKey,
      upload: await presignUpload(dependencies.s3, {
        bucket: settings.bucket,
        key: item.uploadKey,
        contentType: file.contentType,
        maxBytes: file.size,
        expiresInSeconds: settings.urlTtlSeconds,
      }),
      expiresAt,
    })),
  );

  return { batchId, uploads, rejected };
};
