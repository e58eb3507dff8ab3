import { decodeCursor, encodeCursor, HttpError, readableIssues, readPage } from "@shoebox/runtime";
import { ReviewListQuerySchema, type ReviewListResponse } from "@shoebox/schemas";
import { queryPendingReviews, ReviewKeySchema, type ReviewSource, reviewKeyOf } from "./review-queries.ts";
import { toReviewSummary } from "./review-views.ts";

/**
 * GET /reviews: one page of the caller's PENDING reviews, oldest receipt first, with the token
 * of the next page (absent at the end). Decided and expired reviews stay in the table, so the
 * status filter may leave a page short (readPage: at most 10 queries a page). A bad query, or a
 * nextToken this API did not issue to this caller, answers 400.
 *
 * @example
 * await getReviewList({ limit: "10" }, ownerId, { dynamo, table }); // { reviews: [...], nextToken: "…" }
 */
export const getReviewList = async (
  queryStringParameters: Record<string, string | undefined> | undefined,
  ownerId: string,
  source: ReviewSource,
): Promise<ReviewListResponse> => {
  const query = ReviewListQuerySchema.safeParse(queryStringParameters ?? {});
  if (!query.success) throw new HttpError(400, "invalid query", readableIssues(query.error));
  const { limit, nextToken } = query.data;
  const startKey = nextToken === undefined ? undefined : decodeCursor(nextToken, ownerId, ReviewKeySchema);
  if (nextToken !== undefined && !startKey)
    throw new HttpError(400, "nextToken is not a token this API issued");

  const page = await readPage(
    (read) => queryPendingReviews(source, ownerId, read),
    { limit, filtered: true, startKey },
    reviewKeyOf,
  );
  return {
    reviews: page.items.map(toReviewSummary),
    ...(page.nextKey ? { nextToken: encodeCursor(page.nextKey) } : {}),
  };
};
