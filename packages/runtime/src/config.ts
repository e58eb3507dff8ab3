import * as z from "zod";
import { ConfigurationError } from "./errors.ts";

/**
 * Parses configuration from the environment once, failing fast with every problem named.
 *
 * @example
 * const config = loadConfig(z.object({ PHOTOS_TABLE: z.string().min(1) }));
 */
export const loadConfig = <T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<T> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigurationError(
      `invalid configuration (${problems}); set these environment variables (Terraform's function module does)`,
    );
  }
  return parsed.data;
};

/** A required, non-empty environment variable. */
export const requiredString = z.string({ error: "is required" }).min(1, "must not be empty");

/** A required positive integer read from an environment variable. */
export const requiredPositiveInt = z.coerce.number({ error: "is required" }).int().positive();

/** A positive integer read from an environment variable, with a default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
