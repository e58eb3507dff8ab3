import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requestLimitFrom,
  requiredString,
} from "@shoebox/runtime";
import * as z from "zod";

/** The environment of receipts-api, as Terraform's function module sets it. */
const ReceiptsApiEnvironmentSchema = z.object({
  RECEIPTS_TABLE: requiredString,
  /**
   * The most receipts one export holds; a range with more answers 413 (narrow the range) instead
   * of a file cut short. 10 000 typical rows are about 1.5 MB of CSV, far below Lambda's 6 MB
   * response, which the export checks on its own anyway.
   */
  EXPORT_MAX_ROWS: positiveInt(10_000),
  ...requestLimitEnvironment,
});

/** receipts-api's configuration: the table it reads, the export's size and each caller's request limit. */
export const ReceiptsApiConfigSchema = ReceiptsApiEnvironmentSchema.transform((env) => ({
  receiptsTable: env.RECEIPTS_TABLE,
  exportMaxRows: env.EXPORT_MAX_ROWS,
  requestLimit: requestLimitFrom(env),
}));

export type ReceiptsApiConfig = z.infer<typeof ReceiptsApiConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptsApiConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptsApiConfig =>
  loadConfig(ReceiptsApiConfigSchema, env);
