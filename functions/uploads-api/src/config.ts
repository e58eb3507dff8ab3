import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requestLimitFrom,
  requiredString,
  uploadLimitsEnvironment,
  uploadLimitsFrom,
} from "@shoebox/runtime";
import * as z from "zod";

/** The environment of uploads-api, as Terraform's function module sets it. */
const UploadsApiEnvironmentSchema = z.object({
  UPLOADS_BUCKET: requiredString,
  PHOTOS_TABLE: requiredString,
  BATCHES_TABLE: requiredString,
  /** How long a presigned POST stays valid: short, the client uploads right away. */
  UPLOAD_URL_TTL_SECONDS: positiveInt(300),
  MAX_UPLOAD_BYTES: positiveInt(25 * 1024 * 1024),
  /** A zip of receipts is streamed by archive-fanout, never held whole: it may be large. */
  MAX_ARCHIVE_BYTES: positiveInt(1024 * 1024 * 1024),
  ...requestLimitEnvironment,
  ...uploadLimitsEnvironment,
});

/** uploads-api's configuration: what createUploads needs, and each caller's request limit. */
export const UploadsApiConfigSchema = UploadsApiEnvironmentSchema.transform((env) => ({
  uploads: {
    bucket: env.UPLOADS_BUCKET,
    table: env.PHOTOS_TABLE,
    batchesTable: env.BATCHES_TABLE,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    maxArchiveBytes: env.MAX_ARCHIVE_BYTES,
    urlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
    limits: uploadLimitsFrom(env),
  },
  requestLimit: requestLimitFrom(env),
}));

export type UploadsApiConfig = z.infer<typeof UploadsApiConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadUploadsApiConfig = (env: NodeJS.ProcessEnv = process.env): UploadsApiConfig =>
  loadConfig(UploadsApiConfigSchema, env);
