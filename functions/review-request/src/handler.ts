import { countMetric, dynamoDocumentClient, logger, workflowTaskHandler } from "@shoebox/runtime";
import { loadReviewRequestConfig } from "./config.ts";
import { openReview } from "./open-review.ts";
import { markInReview } from "./receipt-status.ts";
import { publishReviewOpened, reviewOpenedMessage } from "./review-events.ts";
import { reviewRequestOf } from "./review-payload.ts";

const config = loadReviewRequestConfig();

/**
 * The AwaitReview task of the receipt workflow (lambda:invoke.waitForTaskToken; the payload is
 * a ReviewRequest). Records the review with its task token, marks the receipt IN_REVIEW and
 * tells the owner; the workflow then waits for reviews-api to hand the decision back with the
 * token. Its answer is ignored. A payload that is no ReviewRequest throws ReviewRequest.Invalid
 * (never retried); DynamoDB or SNS trouble throws a TransientError, and a retry is harmless.
 */
export const handler = workflowTaskHandler(async (payload: unknown): Promise<void> => {
  const request = reviewRequestOf(payload);
  const { ownerId, photoId, round } = request;
  const dynamo = dynamoDocumentClient();
  const now = new Date();

  const review = await openReview(dynamo, config.receiptsTable, request, now);
  if (review.outcome === "ended") {
    logger.info("review already ended; a repeated request changes nothing", { photoId, round, ...review });
    return;
  }
  const receipt = await markInReview(dynamo, config.receiptsTable, { ownerId, photoId });
  if (receipt === "stored") logger.warn("receipt already stored; left as it is", { photoId, round });
  await publishReviewOpened(config.eventsTopicArn, reviewOpenedMessage(request, review.deadlineAt, now));
  // Counted once its message is out: a retry after a failed publish finds the round "repeated", and counts it then.
  countMetric("ReviewsRequested");
  logger.info("review requested", { photoId, round, outcome: review.outcome, deadlineAt: review.deadlineAt });
});
