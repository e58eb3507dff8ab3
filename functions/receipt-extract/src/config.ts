import { loadConfig, positiveInt, requiredPositiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of receipt-extract, as Terraform's function module sets it. */
export const ReceiptExtractConfigSchema = z
  .object({
    UPLOADS_BUCKET: requiredString,
    /** A multi-page PDF is read by an asynchronous Textract job; how often to ask whether it is done. */
    EXPENSE_JOB_POLL_MS: positiveInt(1000),
    // Terraform's max_upload_bytes, the figure the presigned POST caps uploads at: one limit.
    // Only HEIC, HEIF, WebP, GIF and AVIF are downloaded (to convert them for Textract).
    MAX_INPUT_BYTES: requiredPositiveInt,
    // 50 Mpx, as the thumbnail function and receipt-reader: above any phone camera, far below a
    // decompression bomb.
    MAX_INPUT_PIXELS: positiveInt(50_000_000),
    // What decoding one HEIC photo may take (@shoebox/document-decoding's estimate, refused from
    // the header). 512 MiB admits every HEIC within MAX_INPUT_PIXELS (50 Mpx with alpha: 501 MiB)
    // and, with the runtime and the pixels scaled to 4096 px (about 300 MiB), stays in 1024 MB.
    MAX_DECODE_BYTES: positiveInt(512 * 1024 * 1024),
  })
  .transform((env) => ({
    uploadsBucket: env.UPLOADS_BUCKET,
    expenseJobPollMs: env.EXPENSE_JOB_POLL_MS,
    conversionLimits: {
      maxInputBytes: env.MAX_INPUT_BYTES,
      maxInputPixels: env.MAX_INPUT_PIXELS,
      maxDecodeBytes: env.MAX_DECODE_BYTES,
    },
  }));

export type ReceiptExtractConfig = z.infer<typeof ReceiptExtractConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptExtractConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptExtractConfig =>
  loadConfig(ReceiptExtractConfigSchema, env);
