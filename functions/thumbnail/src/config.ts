import { loadConfig, positiveInt, requiredPositiveInt, requiredString } from "@shoebox/runtime";
import { ThumbnailSizesSchema } from "@shoebox/schemas";
import * as z from "zod";

/** The environment of the thumbnail function, as Terraform's function module sets it. */
export const ThumbnailConfigSchema = z
  .object({
    UPLOADS_BUCKET: requiredString,
    THUMBNAILS_BUCKET: requiredString,
    PHOTOS_TABLE: requiredString,
    BATCHES_TABLE: requiredString,
    EVENTS_TOPIC_ARN: requiredString,
    THUMBNAIL_SIZES: ThumbnailSizesSchema,
    // 50 Mpx: above any phone camera (48 Mpx sensors included), far below a decompression bomb.
    MAX_INPUT_PIXELS: positiveInt(50_000_000),
    // Terraform's max_upload_bytes, the same figure the presigned POST caps uploads at: one limit.
    MAX_INPUT_BYTES: requiredPositiveInt,
    // Terraform's thumbnail_max_decode_mib: what decoding one image may take (decode-cost.ts).
    MAX_DECODE_BYTES: requiredPositiveInt,
    // The uploads queue's maxReceiveCount: the delivery that would otherwise be the last before
    // the DLQ records the photo FAILED instead, so no photo stays PENDING.
    MAX_RECEIVES: requiredPositiveInt.min(2, "must be at least 2: the last receive records FAILED untried"),
  })
  .transform((env) => ({
    uploadsBucket: env.UPLOADS_BUCKET,
    thumbnailsBucket: env.THUMBNAILS_BUCKET,
    photosTable: env.PHOTOS_TABLE,
    batchesTable: env.BATCHES_TABLE,
    eventsTopicArn: env.EVENTS_TOPIC_ARN,
    thumbnailSizes: env.THUMBNAIL_SIZES,
    maxInputPixels: env.MAX_INPUT_PIXELS,
    maxInputBytes: env.MAX_INPUT_BYTES,
    maxDecodeBytes: env.MAX_DECODE_BYTES,
    maxReceives: env.MAX_RECEIVES,
  }));

export type ThumbnailConfig = z.infer<typeof ThumbnailConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadThumbnailConfig = (env: NodeJS.ProcessEnv = process.env): ThumbnailConfig =>
  loadConfig(ThumbnailConfigSchema, env);
