import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import {
  readS3ObjectWithMetadata,
  retryLater,
  S3ObjectMissingError,
  S3ObjectTooLargeError,
  type S3ObjectVersion,
  s3Client,
  validCorrelationId,
} from "@shoebox/runtime";
import { CORRELATION_ID_METADATA_KEY } from "@shoebox/schemas";
import { ImageRejectedError } from "./errors.ts";

/** An original's bytes, and the correlation id its upload's presigned POST put in its metadata. */
export interface Original {
  bytes: Uint8Array;
  /** Absent on uploads older than correlation ids (and on a value that is not a valid one). */
  correlationId?: string;
}

/**
 * Downloads an original upload, the very version its event named (readS3Object: a later
 * upload to the same key cannot slip in between the event and the read), with the correlation
 * id of its metadata (the same GetObject: no extra request). Refuses it as
 * TOO_LARGE over `maxBytes` (from its Content-Length alone, before a byte of the body is read,
 * and again while reading), and as OBJECT_MISSING when it is gone (deleted before we got to it).
 * Anything else S3 says is retried.
 */
export const readOriginal = async (
  bucket: string,
  original: S3ObjectVersion,
  maxBytes: number,
): Promise<Original> => {
  const { bytes, metadata } = await readS3ObjectWithMetadata(bucket, original, maxBytes).catch(
    (error: unknown) => {
      if (error instanceof S3ObjectMissingError) {
        throw new ImageRejectedError("OBJECT_MISSING", "the upload was no longer in the bucket", {
          cause: error,
        });
      }
      if (error instanceof S3ObjectTooLargeError) {
        const size = error.bytes === undefined ? "more bytes" : `${error.bytes} bytes, more`;
        throw new ImageRejectedError("TOO_LARGE", `the upload has ${size} than the ${maxBytes} allowed`);
      }
      throw error;
    },
  );
  const correlationId = validCorrelationId(metadata[CORRELATION_ID_METADATA_KEY]);
  return correlationId ? { bytes, correlationId } : { bytes };
};

/**
 * Deletes one version of an original: a second upload to a photo already decided. The version
 * that was decided on becomes current again, so what is stored is what was processed.
 */
export const deleteOriginalVersion = async (
  bucket: string,
  key: string,
  versionId: string,
): Promise<void> => {
  await s3Client()
    .send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
    .catch(retryLater(`deleting version ${versionId} of s3://${bucket}/${key}`));
};
