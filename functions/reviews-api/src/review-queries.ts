import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { photoItemKeySchema, type QueryPage } from "@shoebox/runtime";
import { REVIEW_PREFIX, type ReviewItem, ReviewItemSchema, reviewSortKey } from "@shoebox/schemas";
import type * as z from "zod";

/** The key of one review item (`REVIEW#<photo id>` in its owner's partition), and nothing else. */
export const ReviewKeySchema = photoItemKeySchema(REVIEW_PREFIX);

export type ReviewKey = z.infer<typeof ReviewKeySchema>;

export const reviewKeyOf = (item: ReviewItem): ReviewKey => ({ ownerId: item.ownerId, sk: item.sk });

export interface ReviewSource {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/**
 * The owner's review of this photo, or undefined. The key holds the caller's own owner id, so
 * another owner's review is never read. Strongly consistent: a decision must see the token and
 * status the review has now.
 */
export const getReview = async (
  source: ReviewSource,
  ownerId: string,
  photoId: string,
): Promise<ReviewItem | undefined> => {
  const { Item } = await source.dynamo.send(
    new GetCommand({
      TableName: source.table,
      Key: { ownerId, sk: reviewSortKey(photoId) },
      ConsistentRead: true,
    }),
  );
  return Item ? ReviewItemSchema.parse(Item) : undefined;
};

/**
 * One Query of the owner's PENDING reviews, oldest receipt first (the sort key holds the photo
 * id, a ULID). `evaluate` is DynamoDB's Limit: reviews read before the status filter.
 */
export const queryPendingReviews = async (
  source: ReviewSource,
  ownerId: string,
  query: { startKey: ReviewKey | undefined; evaluate: number },
): Promise<QueryPage<ReviewItem, ReviewKey>> => {
  const result = await source.dynamo.send(
    new QueryCommand({
      TableName: source.table,
      KeyConditionExpression: "ownerId = :ownerId AND begins_with(sk, :reviews)",
      FilterExpression: "#status = :pending",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":ownerId": ownerId, ":reviews": REVIEW_PREFIX, ":pending": "PENDING" },
      ScanIndexForward: true,
      Limit: query.evaluate,
      ...(query.startKey ? { ExclusiveStartKey: query.startKey } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => ReviewItemSchema.parse(item)),
    lastEvaluatedKey: result.LastEvaluatedKey ? ReviewKeySchema.parse(result.LastEvaluatedKey) : undefined,
  };
};
