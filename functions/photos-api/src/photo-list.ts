import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HttpError, readableIssues } from "@shoebox/runtime";
import { PhotoListQuerySchema, type PhotoListResponse } from "@shoebox/schemas";
import { decodePageToken, encodePageToken } from "./page-token.ts";
import { listPhotos } from "./photo-queries.ts";
import { type PhotoLinks, toPhotoView } from "./photo-view.ts";

export interface PhotoListSource {
  dynamo: DynamoDBDocumentClient;
  table: string;
  links: PhotoLinks;
}

/**
 * GET /photos: one page of the caller's photos, newest first, as the API shows them, with a
 * `nextToken` while more remain. A bad `limit`, or a `nextToken` this API did not issue,
 * answers 400.
 *
 * @example
 * await getPhotoList({ limit: "10" }, ownerId, { dynamo, table, links }); // { photos: [...], nextToken: "..." }
 */
export const getPhotoList = async (
  queryStringParameters: Record<string, string | undefined> | undefined,
  ownerId: string,
  source: PhotoListSource,
): Promise<PhotoListResponse> => {
  const query = PhotoListQuerySchema.safeParse(queryStringParameters ?? {});
  if (!query.success) throw new HttpError(400, "invalid query", readableIssues(query.error));
  const afterPhotoId = query.data.nextToken ? decodePageToken(query.data.nextToken) : undefined;
  if (query.data.nextToken && !afterPhotoId)
    throw new HttpError(400, "nextToken is not a token this API issued");

  const page = await listPhotos(source.dynamo, source.table, ownerId, {
    limit: query.data.limit,
    ...(afterPhotoId ? { afterPhotoId } : {}),
  });
  const photos = await Promise.all(page.items.map((item) => toPhotoView(item, source.links)));
  return {
    photos,
    ...(page.lastPhotoId ? { nextToken: encodePageToken(page.lastPhotoId) } : {}),
  };
};
