import type { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import type { PresignedPost } from "@shoebox/schemas";

export interface PresignRequest {
  bucket: string;
  key: string;
  contentType: string;
  /** The size the client declared: the upload may not be larger. */
  maxBytes: number;
  expiresInSeconds: number;
}

/**
 * A presigned POST whose policy pins the exact key, the content type and a content-length
 * range, so the holder can upload that one object and nothing else.
 */
export const presignUpload = async (s3: S3Client, request: PresignRequest): Promise<PresignedPost> => {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: request.bucket,
    Key: request.key,
    Conditions: [
      ["content-length-range", 1, request.maxBytes],
      ["eq", "$Content-Type", request.contentType],
    ],
    Fields: { "Content-Type": request.contentType },
    Expires: request.expiresInSeconds,
  });
  return { url, fields };
};
