import type { SFNClient } from "@aws-sdk/client-sfn";
import { logger } from "@shoebox/runtime";
import {
  PhotoIdSchema,
  type ReviewDecisionRequest,
  type ReviewDetail,
  type ReviewItem,
} from "@shoebox/schemas";
import { ReviewChangedError, recordDecision, undoDecision } from "./decision-writes.ts";
import { type Decision, decide } from "./review-decision.ts";
import { getReview, type ReviewSource } from "./review-queries.ts";
import { reviewConflict, reviewNotFound } from "./review-responses.ts";
import { type OriginalLinks, toReviewDetail } from "./review-views.ts";
import { isTaskGone, isTransient, sendTaskAnswer } from "./workflow-callback.ts";

/** How long a caller waits before deciding again after Step Functions could not be reached. */
export const RETRY_AFTER_SECONDS = 5;

/** The decision reached the workflow (the review as decided), or the caller is to send it again later. */
export type DecisionAnswer = { decided: ReviewDetail } | { retryAfterSeconds: number };

export interface DecisionTargets {
  source: ReviewSource;
  sfn: SFNClient;
  links: OriginalLinks;
}

const changedMeanwhile = (error: ReviewChangedError) =>
  reviewConflict("the review was decided or ended meanwhile", error.status);

/**
 * The decision did not reach the workflow: take it back. A workflow that no longer waits has
 * ended the review (EXPIRED, 409); anything else puts it back to PENDING, and a transient error
 * asks the caller to send the decision again.
 */
const takeBack = async (
  targets: DecisionTargets,
  review: ReviewItem,
  decision: Decision,
  error: unknown,
  now: Date,
): Promise<DecisionAnswer> => {
  const gone = isTaskGone(error);
  const photoId = review.photoId;
  try {
    await undoDecision(targets.source, review, decision, gone ? "EXPIRED" : "PENDING", now);
  } catch (undoError) {
    // The review now says decided although the workflow never heard of it; the workflow's own
    // deadline ends the round, and the next round's request overwrites the review.
    logger.error("could not take back a decision the workflow did not take", { photoId, error, undoError });
    throw error;
  }
  if (gone) {
    logger.info("decision arrived after the workflow stopped waiting", { photoId, error });
    throw reviewConflict("the review ended before your decision arrived", "EXPIRED");
  }
  if (!isTransient(error)) throw error;
  logger.warn("Step Functions did not take the decision; the review is pending again", { photoId, error });
  return { retryAfterSeconds: RETRY_AFTER_SECONDS };
};

/**
 * POST /reviews/{id}: the caller's decision on their pending review. 404 for anything but the
 * caller's review, 409 when it is not PENDING (its status in the answer). The decision is
 * recorded (conditional on the status and token read), then handed to the waiting task.
 *
 * @example
 * await decideReview(id, { action: "approve" }, ownerId, targets, new Date()); // { decided: { status: "APPROVED", ... } }
 */
export const decideReview = async (
  id: string | undefined,
  request: ReviewDecisionRequest,
  ownerId: string,
  targets: DecisionTargets,
  now: Date,
): Promise<DecisionAnswer> => {
  const photoId = PhotoIdSchema.safeParse(id);
  const review = photoId.success ? await getReview(targets.source, ownerId, photoId.data) : undefined;
  if (!review) throw reviewNotFound();
  const { taskToken } = review;
  if (review.status !== "PENDING" || !taskToken) {
    throw reviewConflict(`the review is ${review.status}: it takes no decision`, review.status);
  }

  const decision = decide(review, request, ownerId, now);
  const decided = await recordDecision(targets.source, { ...review, taskToken }, decision).catch(
    (error: unknown) => {
      throw error instanceof ReviewChangedError ? changedMeanwhile(error) : error;
    },
  );
  try {
    await sendTaskAnswer(targets.sfn, taskToken, decision.task);
  } catch (error) {
    return takeBack(targets, review, decision, error, now);
  }
  logger.info("review decided", { photoId: review.photoId, round: review.round, status: decision.status });
  return { decided: await toReviewDetail(decided, targets.links) };
};
