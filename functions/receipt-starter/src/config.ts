import { loadConfig, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of receipt-starter, as Terraform's function module sets it. */
export const ReceiptStarterConfigSchema = z
  .object({
    RECEIPT_WORKFLOW_ARN: requiredString,
    /** The receipt hints the uploader gave are on the photo item, not in the photo.processed message. */
    PHOTOS_TABLE: requiredString,
  })
  .transform((env) => ({ receiptWorkflowArn: env.RECEIPT_WORKFLOW_ARN, photosTable: env.PHOTOS_TABLE }));

export type ReceiptStarterConfig = z.infer<typeof ReceiptStarterConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptStarterConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptStarterConfig =>
  loadConfig(ReceiptStarterConfigSchema, env);
