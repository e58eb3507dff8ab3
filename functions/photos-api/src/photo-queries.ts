import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
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

/** One photo, looked up under the caller's own partition only. */
export const getPhoto = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  ownerId: string,
  photoId: string,
): Promise<PhotoItem | undefined> => {
  const result = await dynamo.send(new GetCommand({ TableName: table, Key: { ownerId, photoId } }));
  return result.Item ? PhotoItemSchema.parse(result.Item) : undefined;
};
