import { loadConfig, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of review-request, as Terraform's function module sets it. */
const ReviewRequestEnvironmentSchema = z.object({
  RECEIPTS_TABLE: requiredString,
  EVENTS_TOPIC_ARN: requiredString,
});

/** review-request's configuration: the table holding reviews and receipts, and the topic it tells owners on. */
export const ReviewRequestConfigSchema = ReviewRequestEnvironmentSchema.transform((env) => ({
  receiptsTable: env.RECEIPTS_TABLE,
  eventsTopicArn: env.EVENTS_TOPIC_ARN,
}));

export type ReviewRequestConfig = z.infer<typeof ReviewRequestConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReviewRequestConfig = (env: NodeJS.ProcessEnv = process.env): ReviewRequestConfig =>
  loadConfig(ReviewRequestConfigSchema, env);
