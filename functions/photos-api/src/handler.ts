import {
  dynamoDocumentClient,
  HttpError,
  httpHandler,
  json,
  s3Client,
  withUserLimits,
} from "@shoebox/runtime";
import { BatchIdSchema, PhotoIdSchema } from "@shoebox/schemas";
import { getBatchView } from "./batch-view.ts";
import { loadPhotosApiConfig } from "./config.ts";
import { getPhotoList } from "./photo-list.ts";
import { getPhoto } from "./photo-queries.ts";
import { toPhotoView } from "./photo-view.ts";

const config = loadPhotosApiConfig();

const links = () => ({
  s3: s3Client(),
  ...config.thumbnailLinks,
});

/**
 * The read API: GET /photos, GET /photos/{id} and GET /batches/{id}, one function because all
 * three read the caller's own items the same way. Someone else's id, an unknown one and a
 * malformed one all answer the same 404. A caller over the request limit gets 429 (Retry-After).
 */
export const handler = httpHandler(
  {},
  withUserLimits(config.requestLimit, async ({ ownerId, event }) => {
    switch (event.routeKey) {
      case "GET /photos/{id}": {
        const photoId = PhotoIdSchema.safeParse(event.pathParameters?.id);
        const item = photoId.success
          ? await getPhoto(dynamoDocumentClient(), config.photosTable, ownerId, photoId.data)
          : undefined;
        if (!item) throw new HttpError(404, "photo not found");
        return json(200, await toPhotoView(item, links()));
      }
      case "GET /batches/{id}": {
        const batchId = BatchIdSchema.safeParse(event.pathParameters?.id);
        const batch = batchId.success
          ? await getBatchView(dynamoDocumentClient(), config.batchesTable, ownerId, batchId.data)
          : undefined;
        if (!batch) throw new HttpError(404, "batch not found");
        return json(200, batch);
      }
      default: {
        const list = await getPhotoList(event.queryStringParameters, ownerId, {
          dynamo: dynamoDocumentClient(),
          table: config.photosTable,
          links: links(),
        });
        return json(200, list);
      }
    }
  }),
);
