import { loadConfig, positiveInt, requiredPositiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of receipt-reader, as Terraform's function module sets it. */
export const ReceiptReaderConfigSchema = z
  .object({
    UPLOADS_BUCKET: requiredString,
    // Terraform's max_upload_bytes, the figure the presigned POST caps uploads at: one limit.
    MAX_INPUT_BYTES: requiredPositiveInt,
    // 50 Mpx, as the thumbnail function: above any phone camera, far below a decompression bomb.
    MAX_INPUT_PIXELS: positiveInt(50_000_000),
    // What decoding one HEIC photo or one PDF page may take (@shoebox/document-decoding's
    // estimates, refused from the header before a pixel is decoded). 512 MiB admits every image
    // within MAX_INPUT_PIXELS (a 50 Mpx HEIC with alpha: 501 MiB; a PDF page with one 50 Mpx
    // scan: 429 MiB) and refuses a page that stacks several; with the OCR engine (about 170 MiB)
    // and the page's pixels while they are OCR'd, a receipt stays under 1 GiB of a 1769 MB function.
    MAX_DECODE_BYTES: positiveInt(512 * 1024 * 1024),
  })
  .transform((env) => ({
    uploadsBucket: env.UPLOADS_BUCKET,
    maxInputBytes: env.MAX_INPUT_BYTES,
    maxInputPixels: env.MAX_INPUT_PIXELS,
    maxDecodeBytes: env.MAX_DECODE_BYTES,
  }));

export type ReceiptReaderConfig = z.infer<typeof ReceiptReaderConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadReceiptReaderConfig = (env: NodeJS.ProcessEnv = process.env): ReceiptReaderConfig =>
  loadConfig(ReceiptReaderConfigSchema, env);
