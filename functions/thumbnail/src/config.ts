import { loadConfig, positiveInt, requiredPositiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** One thumbnail size: its name (used in the S3 key) and the longest edge in pixels. */
export interface ThumbnailSize {
  name: string;
  maxDimension: number;
}

const SizeEntryPattern = /^([a-z][a-z0-9-]*):(\d+)$/;
const REQUIRED_SIZE_NAMES = ["small", "medium"] as const;

/**
 * `THUMBNAIL_SIZES`, e.g. `small:160,medium:640`: names are lower-case (they end up in keys),
 * edges are 16..4096 px, small and medium must exist (the web app shows both). The result is
 * sorted largest first, because the renderer decodes once at the largest size and derives
 * the others from it.
 */
export const ThumbnailSizesSchema = z
  .string()
  .transform((spec, context): ThumbnailSize[] => {
    const sizes: ThumbnailSize[] = [];
    for (const entry of spec.split(",").map((part) => part.trim())) {
      const [, name, edge] = SizeEntryPattern.exec(entry) ?? [];
      if (!name || !edge) {
        context.addIssue({ code: "custom", message: `"${entry}" is not name:pixels (e.g. small:160)` });
        return z.NEVER;
      }
      sizes.push({ name, maxDimension: Number(edge) });
    }
    return sizes;
  })
  .pipe(
    z
      .array(z.object({ name: z.string(), maxDimension: z.number().int().min(16).max(4096) }))
      .refine(
        (sizes) => new Set(sizes.map((size) => size.name)).size === sizes.length,
        "size names must be unique",
      )
      .refine(
        (sizes) => REQUIRED_SIZE_NAMES.every((required) => sizes.some((size) => size.name === required)),
        `sizes must include ${REQUIRED_SIZE_NAMES.join(" and ")}`,
      )
      .transform((sizes) => [...sizes].sort((a, b) => b.maxDimension - a.maxDimension)),
  );

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
