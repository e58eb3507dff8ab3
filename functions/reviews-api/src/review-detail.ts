import type { SFNClient } from "@aws-sdk/client-sfn";
import { logger } from "@shoebox/runtime";
import { PhotoIdSchema, type ReviewDetail } from "@shoebox/schemas";
import { getReview, type ReviewSource } from "./review-queries.ts";
import { reviewNotFound } from "./review-responses.ts";
import { type OriginalLinks, toReviewDetail } from "./review-views.ts";
import { isTaskGone, sendHeartbeat } from "./workflow-callback.ts";

/**
 * GET /reviews/{id}: the caller's review with a link to its original; 404 for anything else.
 * Opening a PENDING review sends the waiting task a heartbeat: the owner is looking at it, so
 * its deadline starts again. A task that no longer waits is the workflow's to record (it marks
 * the review EXPIRED); a heartbeat that fails otherwise is logged and the review shown anyway.
 *
 * @example
 * await getReviewDetail(id, ownerId, { dynamo, table }, sfn, links); // { reviewId, status: "PENDING", imageUrl, ... }
 */
export const getReviewDetail = async (
  id: string | undefined,
  ownerId: string,
  source: ReviewSource,
  sfn: SFNClient,
  links: OriginalLinks,
): Promise<ReviewDetail> => {
  const photoId = PhotoIdSchema.safeParse(id);
  const review = photoId.success ? await getReview(source, ownerId, photoId.data) : undefined;
  if (!review) throw reviewNotFound();
  if (review.status === "PENDING" && review.taskToken) {
    await sendHeartbeat(sfn, review.taskToken).catch((error: unknown) => {
      if (!isTaskGone(error))
        logger.warn("could not send the review's heartbeat", { photoId: review.photoId, error });
    });
  }
  return toReviewDetail(review, links);
};
