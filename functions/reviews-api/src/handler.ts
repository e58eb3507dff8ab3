import {
  dynamoDocumentClient,
  httpHandler,
  json,
  s3Client,
  sfnClient,
  withUserLimits,
} from "@shoebox/runtime";
import { ReviewDecisionRequestSchema } from "@shoebox/schemas";
import type { APIGatewayProxyResultV2, Context } from "aws-lambda";
import { loadReviewsApiConfig } from "./config.ts";
import { decideReview } from "./decide-review.ts";
import { getReviewDetail } from "./review-detail.ts";
import { getReviewList } from "./review-list.ts";

const config = loadReviewsApiConfig();

const source = () => ({ dynamo: dynamoDocumentClient(), table: config.receiptsTable });
const links = () => ({ s3: s3Client(), ...config.originalLinks });

/** GET /reviews and GET /reviews/{id}: no body. */
const readReviews = httpHandler(
  {},
  withUserLimits(config.requestLimit, async ({ ownerId, event }) =>
    event.routeKey === "GET /reviews/{id}"
      ? json(200, await getReviewDetail(event.pathParameters?.id, ownerId, source(), sfnClient(), links()))
      : json(200, await getReviewList(event.queryStringParameters, ownerId, source())),
  ),
);

/** POST /reviews/{id}: a decision, as a JSON body (400 with the schema's issues otherwise). */
const postDecision = httpHandler(
  { body: ReviewDecisionRequestSchema },
  withUserLimits(config.requestLimit, async ({ ownerId, event, body }) => {
    const answer = await decideReview(
      event.pathParameters?.id,
      body,
      ownerId,
      { source: source(), sfn: sfnClient(), links: links() },
      new Date(),
    );
    if ("decided" in answer) return json(200, answer.decided);
    // httpHandler answers only 4xx errors as they are: a 503 with Retry-After is an answer.
    return {
      statusCode: 503,
      headers: { "content-type": "application/json", "retry-after": String(answer.retryAfterSeconds) },
      body: JSON.stringify({ message: "the workflow could not be reached: send the decision again" }),
    };
  }),
);

/**
 * The review API: the caller's receipts waiting for review, and their decision handed back to
 * the waiting workflow. One function because all three read the caller's own reviews the same
 * way; the POST route parses a JSON body, the GET routes have none. The owner is always the
 * token's; a caller over the request limit gets 429 (Retry-After).
 */
export const handler = (
  event: Parameters<typeof readReviews>[0],
  context: Context,
): Promise<APIGatewayProxyResultV2> =>
  event.routeKey === "POST /reviews/{id}" ? postDecision(event, context) : readReviews(event, context);
