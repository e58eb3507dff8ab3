import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requestLimitFrom,
  requiredString,
} from "@shoebox/runtime";
import { ThumbnailSizesSchema } from "@shoebox/schemas";
import * as z from "zod";

/** The environment of photos-api, as Terraform's function module sets it. */
const PhotosApiEnvironmentSchema = z.object({
  PHOTOS_TABLE: requiredString,
  BATCHES_TABLE: requiredString,
  UPLOADS_BUCKET: requiredString,
  THUMBNAILS_BUCKET: requiredString,
  /** The sizes the thumbnail function renders (the same variable), to tell each thumbnail's size. */
  THUMBNAIL_SIZES: ThumbnailSizesSchema,
  /** A receipt's photo stays while its workflow runs: its execution is named after the photo. */
  RECEIPT_WORKFLOW_ARN: requiredString,
  /** Thumbnail and original links are short-lived: a leaked one stops working soon. */
  DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
  ...requestLimitEnvironment,
});

/** photos-api's configuration: the tables and buckets, its links, the workflow it asks and each caller's request limit. */
export const PhotosApiConfigSchema = PhotosApiEnvironmentSchema.transform((env) => ({
  photosTable: env.PHOTOS_TABLE,
  batchesTable: env.BATCHES_TABLE,
  uploadsBucket: env.UPLOADS_BUCKET,
  thumbnailsBucket: env.THUMBNAILS_BUCKET,
  thumbnailSizes: env.THUMBNAIL_SIZES,
  receiptWorkflowArn: env.RECEIPT_WORKFLOW_ARN,
  linkSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
  requestLimit: requestLimitFrom(env),
}));

export type PhotosApiConfig = z.infer<typeof PhotosApiConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadPhotosApiConfig = (env: NodeJS.ProcessEnv = process.env): PhotosApiConfig =>
  loadConfig(PhotosApiConfigSchema, env);
