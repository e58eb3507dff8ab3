import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requestLimitFrom,
  requiredString,
} from "@shoebox/runtime";
import * as z from "zod";

/** The environment of reviews-api, as Terraform's function module sets it. */
const ReviewsApiEnvironmentSchema = z.object({
  RECEIPTS_TABLE: requiredString,
  UPLOADS_BUCKET: requiredString,
  /** The original's link is short-lived: a leaked one stops working soon. */
  DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
  ...requestLimitEnvironment,
});

/** reviews-api's configuration: the table of reviews, the originals' links and each caller's request limit. */
export const ReviewsApiConfigSchema = ReviewsApiEnvironmentSchema.transform((env) => ({
  receiptsTable: env.RECEIPTS_TABLE,
  originalLinks: { bucket: env.UPLOADS_BUCKET, expiresInSeconds: env.DOWNLOAD_URL_TTL_SECONDS },
  requestLimit: requestLimitFrom(env),
}));

export type ReviewsApiConfig = z.infer<typeof ReviewsApiConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReviewsApiConfig = (env: NodeJS.ProcessEnv = process.env): ReviewsApiConfig =>
  loadConfig(ReviewsApiConfigSchema, env);
