import {
  dynamoDocumentClient,
  HttpError,
  httpHandler,
  json,
  s3Client,
  sfnClient,
  withUserLimits,
} from "@shoebox/runtime";
import { BatchIdSchema, PhotoIdSchema } from "@shoebox/schemas";
import { getBatchView } from "./batch-view.ts";
import { loadPhotosApiConfig } from "./config.ts";
import { deletePhoto } from "./photo-deletion.ts";
import { getPhotoList } from "./photo-list.ts";
import { getPhoto } from "./photo-queries.ts";
import { type PhotoLinks, toPhotoDetail } from "./photo-view.ts";

const config = loadPhotosApiConfig();

const links = (): PhotoLinks => ({
  s3: s3Client(),
  uploadsBucket: config.uploadsBucket,
  thumbnailsBucket: config.thumbnailsBucket,
  expiresInSeconds: config.linkSeconds,
  thumbnailSizes: config.thumbnailSizes,
});

/** The path's photo id, or undefined for one that cannot be a photo id (answered like an unknown one). */
const photoIdOf = (id: string | undefined): string | undefined => {
  const parsed = PhotoIdSchema.safeParse(id);
  return parsed.success ? parsed.data : undefined;
};

const PHOTO_NOT_FOUND = "photo not found";

/**
 * The caller's photos and batches: GET /photos, GET /photos/{id}, DELETE /photos/{id} and
 * GET /batches/{id}, one function because all of them reach the caller's own items the same
 * way. Someone else's id, an unknown one and a malformed one all answer the same 404. A caller
 * over the request limit gets 429 (Retry-After).
 */
export const handler = httpHandler(
  {},
  withUserLimits(config.requestLimit, async ({ ownerId, event }) => {
    switch (event.routeKey) {
      case "GET /photos/{id}": {
        const photoId = photoIdOf(event.pathParameters?.id);
        const item = photoId
          ? await getPhoto(dynamoDocumentClient(), config.photosTable, ownerId, photoId)
          : undefined;
        if (!item) throw new HttpError(404, PHOTO_NOT_FOUND);
        return json(200, await toPhotoDetail(item, links()));
      }
      case "DELETE /photos/{id}": {
        const photoId = photoIdOf(event.pathParameters?.id);
        const deleted = photoId
          ? await deletePhoto(ownerId, photoId, {
              dynamo: dynamoDocumentClient(),
              s3: s3Client(),
              sfn: sfnClient(),
              photosTable: config.photosTable,
              uploadsBucket: config.uploadsBucket,
              thumbnailsBucket: config.thumbnailsBucket,
              receiptWorkflowArn: config.receiptWorkflowArn,
            })
          : false;
        if (!deleted) throw new HttpError(404, PHOTO_NOT_FOUND);
        return { statusCode: 204 };
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
