import {
  dynamoDocumentClient,
  httpHandler,
  json,
  requestLimitFrom,
  s3Client,
  uploadLimitsFrom,
  withUserLimits,
} from "@shoebox/runtime";
import { UploadRequestSchema } from "@shoebox/schemas";
import { config } from "./config.ts";
import { createUploads } from "./create-uploads.ts";

const settings = {
  bucket: config.UPLOADS_BUCKET,
  table: config.PHOTOS_TABLE,
  batchesTable: config.BATCHES_TABLE,
  maxUploadBytes: config.MAX_UPLOAD_BYTES,
  maxArchiveBytes: config.MAX_ARCHIVE_BYTES,
  urlTtlSeconds: config.UPLOAD_URL_TTL_SECONDS,
  limits: uploadLimitsFrom(config),
};

/**
 * POST /uploads: 201 when at least one file may be uploaded, 422 when every file was refused,
 * 429 (Retry-After) when the caller is over a request or daily upload limit.
 */
export const handler = httpHandler(
  { body: UploadRequestSchema },
  withUserLimits(requestLimitFrom(config), async ({ ownerId, body }) => {
    const result = await createUploads(ownerId, body, settings, {
      s3: s3Client(),
      dynamo: dynamoDocumentClient(),
    });
    return json(result.uploads.length > 0 ? 201 : 422, result);
  }),
);
