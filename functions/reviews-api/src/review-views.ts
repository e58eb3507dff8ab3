import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  type ReviewDetail,
  ReviewDetailSchema,
  type ReviewItem,
  type ReviewSummary,
  ReviewSummarySchema,
} from "@shoebox/schemas";

/*
 * A review as the API shows it: the item's fields the schemas name, and nothing else. The task
 * token (a credential of the waiting execution), the original's key and the owner id stay out
 * (the schemas strip every other field).
 */

export interface OriginalLinks {
  s3: S3Client;
  bucket: string;
  expiresInSeconds: number;
}

export const toReviewSummary = (item: ReviewItem): ReviewSummary =>
  ReviewSummarySchema.parse({ ...item, reviewId: item.photoId });

/** With the reading, every decision so far and a presigned GET of the very version of the original reviewed. */
export const toReviewDetail = async (item: ReviewItem, links: OriginalLinks): Promise<ReviewDetail> => {
  const { key, versionId } = item.original;
  const imageUrl = await getSignedUrl(
    links.s3,
    new GetObjectCommand({ Bucket: links.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    { expiresIn: links.expiresInSeconds },
  );
  return ReviewDetailSchema.parse({ ...item, reviewId: item.photoId, imageUrl });
};
