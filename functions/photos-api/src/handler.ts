import {
  dynamoDocumentClient,
  HttpError,
  httpHandler,
  json,
  readableIssues,
  s3Client,
} from "@shoebox/runtime";
import { PhotoIdSchema, PhotoListQuerySchema } from "@shoebox/schemas";
import { config } from "./config.ts";
import { decodePageToken, encodePageToken } from "./page-token.ts";
import { getPhoto, listPhotos } from "./photo-queries.ts";
import { toPhotoView } from "./photo-view.ts";

const links = () => ({
  s3: s3Client(),
  bucket: config.THUMBNAILS_BUCKET,
  expiresInSeconds: config.DOWNLOAD_URL_TTL_SECONDS,
});

/** GET /photos and GET /photos/{id}: one function, since both read the same items the same way. */
export const handler = httpHandler({}, async ({ ownerId, event }) => {
  if (event.routeKey === "GET /photos/{id}") {
    // Someone else's id, a deleted one and a malformed one all answer the same 404.
    const photoId = PhotoIdSchema.safeParse(event.pathParameters?.id);
    const item = photoId.success
      ? await getPhoto(dynamoDocumentClient(), config.PHOTOS_TABLE, ownerId, photoId.data)
      : undefined;
    if (!item) throw new HttpError(404, "photo not found");
    return json(200, await toPhotoView(item, links()));
  }

  const query = PhotoListQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new HttpError(400, "invalid query", readableIssues(query.error));
  const afterPhotoId = query.data.nextToken ? decodePageToken(query.data.nextToken) : undefined;
  if (query.data.nextToken && !afterPhotoId)
    throw new HttpError(400, "nextToken is not a token this API issued");

  const page = await listPhotos(dynamoDocumentClient(), config.PHOTOS_TABLE, ownerId, {
    limit: query.data.limit,
    ...(afterPhotoId ? { afterPhotoId } : {}),
  });
  const photos = await Promise.all(page.items.map((item) => toPhotoView(item, links())));
  return json(200, { photos, ...(page.lastPhotoId ? { nextToken: encodePageToken(page.lastPhotoId) } : {}) });
});
