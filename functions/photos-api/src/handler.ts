import {
  dynamoDocumentClient,
  HttpError,
  httpHandler,
  json,
  readableIssues,
  requestLimitFrom,
  s3Client,
  withUserLimits,
} from "@shoebox/runtime";
import { BatchIdSchema, PhotoIdSchema, PhotoListQuerySchema } from "@shoebox/schemas";
import { getBatchView } from "./batch-view.ts";
import { config } from "./config.ts";
import { decodePageToken, encodePageToken } from "./page-token.ts";
import { getPhoto, listPhotos } from "./photo-queries.ts";
import { toPhotoView } from "./photo-view.ts";

const requestLimit = requestLimitFrom(config);

const links = () => ({
  s3: s3Client(),
  bucket: config.THUMBNAILS_BUCKET,
  expiresInSeconds: config.DOWNLOAD_URL_TTL_SECONDS,
});

/**
 * The read API: GET /photos, GET /photos/{id} and GET /batches/{id}, one function because all
 * three read the caller's own items the same way. Someone else's id, an unknown one and a
 * malformed one all answer the same 404. A caller over the request limit gets 429 (Retry-After).
 */
export const handler = httpHandler(
  {},
  withUserLimits(requestLimit, async ({ ownerId, event }) => {
    switch (event.routeKey) {
      case "GET /photos/{id}": {
        const photoId = PhotoIdSchema.safeParse(event.pathParameters?.id);
        const item = photoId.success
          ? await getPhoto(dynamoDocumentClient(), config.PHOTOS_TABLE, ownerId, photoId.data)
          : undefined;
        if (!item) throw new HttpError(404, "photo not found");
        return json(200, await toPhotoView(item, links()));
      }
      case "GET /batches/{id}": {
        const batchId = BatchIdSchema.safeParse(event.pathParameters?.id);
        const batch = batchId.success
          ? await getBatchView(dynamoDocumentClient(), config.BATCHES_TABLE, ownerId, batchId.data)
          : undefined;
        if (!batch) throw new HttpError(404, "batch not found");
        return json(200, batch);
      }
      default: {
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
        return json(200, {
          photos,
          ...(page.lastPhotoId ? { nextToken: encodePageToken(page.lastPhotoId) } : {}),
        });
      }
    }
  }),
);
