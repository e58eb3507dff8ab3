import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requestLimitFrom,
  requiredString,
} from "@shoebox/runtime";
import * as z from "zod";

/** The environment of photos-api, as Terraform's function module sets it. */
const PhotosApiEnvironmentSchema = z.object({
  PHOTOS_TABLE: requiredString,
  BATCHES_TABLE: requiredString,
  THUMBNAILS_BUCKET: requiredString,
  /** Thumbnail links are short-lived: a leaked one stops working soon. */
  DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
  ...requestLimitEnvironment,
});

/** photos-api's configuration: the tables it reads, its thumbnail links and each caller's request limit. */
export const PhotosApiConfigSchema = PhotosApiEnvironmentSchema.transform((env) => ({
  photosTable: env.PHOTOS_TABLE,
  batchesTable: env.BATCHES_TABLE,
  thumbnailLinks: { bucket: env.THUMBNAILS_BUCKET, expiresInSeconds: env.DOWNLOAD_URL_TTL_SECONDS },
  requestLimit: requestLimitFrom(env),
}));

export type PhotosApiConfig = z.infer<typeof PhotosApiConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadPhotosApiConfig = (env: NodeJS.ProcessEnv = process.env): PhotosApiConfig =>
  loadConfig(PhotosApiConfigSchema, env);
