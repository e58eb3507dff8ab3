import type { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { CORRELATION_ID_METADATA_KEY, type PresignedPost } from "@shoebox/schemas";

export interface PresignRequest {
  bucket: string;
  key: string;
  contentType: string;
  /** The size the client declared: the upload may not be larger. */
  maxBytes: number;
  expiresInSeconds: number;
  /** The request's correlation id, which the object must carry as its metadata. */
  correlationId: string;
}

const CORRELATION_ID_FIELD = `x-amz-meta-${CORRELATION_ID_METADATA_KEY}`;

/**
 * A presigned POST whose policy pins the exact key, the content type, a content-length range
 * and the correlation id's metadata, so the holder can upload that one object and nothing else,
 * and the object names the request it came from (the functions downstream read it there).
 */
export const presignUpload = async (s3: S3Client, request: PresignRequest): Promise<PresignedPost> => {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: request.bucket,
    Key: request.key,
    Conditions: [
      ["content-length-range", 1, request.maxBytes],
      ["eq", "$Content-Type", request.contentType],
      ["eq", `$${CORRELATION_ID_FIELD}`, request.correlationId],
    ],
    Fields: { "Content-Type": request.contentType, [CORRELATION_ID_FIELD]: request.correlationId },
    Expires: request.expiresInSeconds,
  });
  return { url, fields };
};
