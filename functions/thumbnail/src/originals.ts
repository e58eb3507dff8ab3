import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { isMissingObject, retryLater, s3Client } from "@shoebox/runtime";
import { ImageRejectedError } from "./errors.ts";

/** One original: its key and, in the versioned uploads bucket, the version an event named. */
export interface OriginalObject {
  key: string;
  versionId?: string;
}

/**
 * Downloads an original upload, the very version its event named (a later upload to the same
 * key cannot slip in between the event and the read). Refuses it as TOO_LARGE from its Content-Length alone, before
 * a byte of the body is read, and as OBJECT_MISSING when it is gone (deleted before we got to
 * it). Anything else S3 says is retried.
 *
 * Note: without s3:ListBucket on the bucket, S3 answers a missing key with AccessDenied rather
 * than NoSuchKey, which would be retried until the DLQ instead of recorded.
 */
export const readOriginal = async (
  bucket: string,
  { key, versionId }: OriginalObject,
  maxBytes: number,
): Promise<Uint8Array> => {
  const response = await s3Client()
    .send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
    .catch((error: unknown) => {
      if (isMissingObject(error)) {
        throw new ImageRejectedError("OBJECT_MISSING", "the upload was no longer in the bucket", {
          cause: error,
        });
      }
      return retryLater(`reading s3://${bucket}/${key}`)(error);
    });

  const tooLarge = (bytes: number) =>
    new ImageRejectedError("TOO_LARGE", `the upload has ${bytes} bytes, more than the ${maxBytes} allowed`);
  if ((response.ContentLength ?? 0) > maxBytes) {
    // Close the connection instead of draining a body we will not use.
    if (response.Body instanceof Readable) response.Body.destroy();
    throw tooLarge(response.ContentLength ?? 0);
  }
  const bytes = await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())).catch(
    retryLater(`reading the body of s3://${bucket}/${key}`),
  );
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength);
  return bytes;
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
