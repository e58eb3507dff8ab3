import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed } from "@shoebox/runtime";
import { type PhotoItem, PhotoItemSchema } from "@shoebox/schemas";

export interface PhotoPage {
  items: PhotoItem[];
  lastPhotoId?: string;
}

/** The owner's photos, newest first: photo ids are ULIDs, so the sort key is the time. */
export const listPhotos = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  ownerId: string,
  page: { limit: number; afterPhotoId?: string },
): Promise<PhotoPage> => {
  const result = await dynamo.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "ownerId = :ownerId",
      ExpressionAttributeValues: { ":ownerId": ownerId },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.afterPhotoId ? { ExclusiveStartKey: { ownerId, photoId: page.afterPhotoId } } : {}),
    }),
  );
  const items = (result.Items ?? []).map((item) => PhotoItemSchema.parse(item));
  const lastPhotoId = result.LastEvaluatedKey?.photoId;
  return { items, ...(typeof lastPhotoId === "string" ? { lastPhotoId } : {}) };
};

/**
 * One photo, looked up under the caller's own partition only. `consistent` for a decision on
 * it: the last write is seen.
 */
export const getPhoto = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  ownerId: string,
  photoId: string,
  { consistent = false } = {},
): Promise<PhotoItem | undefined> => {
  const result = await dynamo.send(
    new GetCommand({ TableName: table, Key: { ownerId, photoId }, ConsistentRead: consistent }),
  );
  return result.Item ? PhotoItemSchema.parse(result.Item) : undefined;
};

/** Deletes one photo's item; false when it was gone already (another DELETE got there first). */
export const deletePhotoItem = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  { ownerId, photoId }: Pick<PhotoItem, "ownerId" | "photoId">,
): Promise<boolean> => {
  try {
    await dynamo.send(
      new DeleteCommand({
        TableName: table,
        Key: { ownerId, photoId },
        ConditionExpression: "attribute_exists(#photoId)",
        ExpressionAttributeNames: { "#photoId": "photoId" },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
