import {
  countMetric,
  dynamoDocumentClient,
  httpHandler,
  json,
  logger,
  s3Client,
  withUserLimits,
} from "@shoebox/runtime";
import { UploadRequestSchema } from "@shoebox/schemas";
import { loadUploadsApiConfig } from "./config.ts";
import { createUploads } from "./create-uploads.ts";

const config = loadUploadsApiConfig();

/**
 * POST /uploads: 201 when at least one file may be uploaded, 422 when every file was refused,
 * 429 (Retry-After) when the caller is over a request or daily upload limit. The answer names
 * the request's correlation id. UploadsAccepted and UploadsRefused count the files of the
 * answers (a request refused whole, by a limit or a bad body, counts in neither).
 */
export const handler = httpHandler(
  { body: UploadRequestSchema },
  withUserLimits(config.requestLimit, async ({ ownerId, correlationId, body }) => {
    const result = await createUploads({ ownerId, correlationId }, body, config.uploads, {
      s3: s3Client(),
      dynamo: dynamoDocumentClient(),
    });
    // The first line of an upload's story (the runbook's Logs Insights query starts here).
    logger.info("uploads granted", {
      batchId: result.batchId,
      accepted: result.uploads.length,
      refused: result.rejected.length,
    });
    countMetric("UploadsAccepted", result.uploads.length);
    countMetric("UploadsRefused", result.rejected.length);
    return json(result.uploads.length > 0 ? 201 : 422, result);
  }),
);
