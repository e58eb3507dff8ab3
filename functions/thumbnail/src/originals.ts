import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import {
  readS3Object,
  retryLater,
  S3ObjectMissingError,
  S3ObjectTooLargeError,
  type S3ObjectVersion,
  s3Client,
} from "@shoebox/runtime";
import { ImageRejectedError } from "./errors.ts";

/**
 * Downloads an original upload, the very version its event named (readS3Object: a later
 * upload to the same key cannot slip in between the event and the read). Refuses it as
 * TOO_LARGE over `maxBytes` (from its Content-Length alone, before a byte of the body is read,
 * and again while reading), and as OBJECT_MISSING when it is gone (deleted before we got to it).
 * Anything else S3 says is retried.
 */
export const readOriginal = (
  bucket: string,
  original: S3ObjectVersion,
  maxBytes: number,
): Promise<Uint8Array> =>
  readS3Object(bucket, original, maxBytes).catch((error: unknown) => {
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
  });

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
