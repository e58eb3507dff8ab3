import { loadConfig } from "@shoebox/runtime";
import { CurrencyCodeSchema } from "@shoebox/schemas";
import * as z from "zod";

/** `{"<ownerId or *>": {"EUR": 1000}}`: above this total (in the currency's units) a receipt waits for review. */
const TotalLimitsSchema = z.record(z.string().min(1), z.record(CurrencyCodeSchema, z.number().positive()));

/** The environment of receipt-validate, as Terraform's function module sets it (the review_* variables). */
const ReceiptValidateEnvironmentSchema = z.object({
  /** "false" lets every receipt through without a person, as before reviews existed. */
  REVIEWS_ENABLED: z.enum(["true", "false"]).default("true"),
  /** A field read with less confidence than this (0-1) is flagged, and the receipt reviewed. */
  REVIEW_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.8),
  REVIEW_TOTAL_LIMITS: z
    .string()
    .default("{}")
    .transform((text, context) => {
      try {
        return TotalLimitsSchema.parse(JSON.parse(text));
      } catch (error) {
        context.addIssue({
          code: "custom",
          message: `is not {"<owner id or *>": {"<currency>": <limit>}}: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    }),
});

export const ReceiptValidateConfigSchema = ReceiptValidateEnvironmentSchema.transform((env) => ({
  reviewsEnabled: env.REVIEWS_ENABLED === "true",
  minConfidence: env.REVIEW_MIN_CONFIDENCE,
  totalLimits: env.REVIEW_TOTAL_LIMITS,
}));

export type ReceiptValidateConfig = z.infer<typeof ReceiptValidateConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptValidateConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptValidateConfig =>
  loadConfig(ReceiptValidateConfigSchema, env);
