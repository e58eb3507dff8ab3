import { PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { s3Client } from "@shoebox/runtime";
import { createBucket } from "@shoebox/testing";

/*
 * The uploads bucket on moto, versioned as Terraform makes it, and the Extract step's request
 * for an original in it.
 */

export const UPLOADS_BUCKET = "shoebox-dev-uploads";
export const OWNER = "Qm9iLXRoZS1idWlsZGVyMQ";

export const createUploadsBucket = async (): Promise<void> => {
  await createBucket(UPLOADS_BUCKET);
  await s3Client().send(
    new PutBucketVersioningCommand({
      Bucket: UPLOADS_BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
};

/** What a client's presigned POST does: the original lands under its key. Returns the version S3 made. */
export const putOriginal = async (key: string, body: Uint8Array, contentType: string): Promise<string> => {
  const { VersionId } = await s3Client().send(
    new PutObjectCommand({ Bucket: UPLOADS_BUCKET, Key: key, Body: body, ContentType: contentType }),
  );
  return VersionId ?? "";
};

/** The ReceiptReadRequest the workflow's Extract state sends for one original. */
export const readRequest = (photoId: string, original: { versionId?: string; contentType: string }) => ({
  ownerId: OWNER,
  photoId,
  original: { key: `uploads/${OWNER}/${photoId}`, ...original },
});
