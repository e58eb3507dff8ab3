import * as z from "zod";
import { CorrelationIdSchema } from "./correlation.ts";
import { BatchIdSchema, OwnerIdSchema, PhotoIdSchema } from "./ids.ts";
import { type UploadKind, UploadKindSchema } from "./image-types.ts";
import { uploadKey } from "./object-keys.ts";
import { type ReceiptHints, ReceiptHintsSchema } from "./uploads.ts";

/** PENDING until the thumbnail function decides; PROCESSED and FAILED are final. */
export const PhotoStatusSchema = z.enum(["PENDING", "PROCESSED", "FAILED"]);

/** Why an image was refused: stable codes that clients and alarms can match on. */
export const FailureCodeSchema = z.enum([
  "NOT_AN_IMAGE",
  "UNSUPPORTED_FORMAT",
  "TOO_MANY_PIXELS",
  "TOO_LARGE",
  "CORRUPT_IMAGE",
  "EMPTY_FILE",
  "OBJECT_MISSING",
  /** Decoding would need more memory than one image may use (MAX_DECODE_BYTES). */
  "TOO_LARGE_TO_DECODE",
  /** Every delivery of its upload event failed; the last one records this instead of trying again. */
  "REPEATED_FAILURE",
]);

/** Thumbnail S3 keys by size name, e.g. `{ small: "thumbnails/…/small.webp" }`. */
export const ThumbnailKeysSchema = z.record(z.string(), z.string());

/** One thumbnail size: its name (used in the S3 key) and the longest edge in pixels. */
export interface ThumbnailSize {
  name: string;
  maxDimension: number;
}

const ThumbnailSizeEntryPattern = /^([a-z][a-z0-9-]*):(\d+)$/;
const REQUIRED_THUMBNAIL_SIZE_NAMES = ["small", "medium"] as const;

/**
 * `THUMBNAIL_SIZES` (Terraform's `thumbnail_sizes`), e.g. `small:160,medium:640`: names are
 * lower-case (they end up in keys), edges are 16..4096 px, small and medium must exist (the web
 * app shows both). Sorted largest first: the thumbnail function decodes once at the largest size
 * and derives the others from it. Read by the function that renders thumbnails and by the API
 * that tells their sizes.
 */
export const ThumbnailSizesSchema = z
  .string()
  .transform((spec, context): ThumbnailSize[] => {
    const sizes: ThumbnailSize[] = [];
    for (const entry of spec.split(",").map((part) => part.trim())) {
      const [, name, edge] = ThumbnailSizeEntryPattern.exec(entry) ?? [];
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
        (sizes) =>
          REQUIRED_THUMBNAIL_SIZE_NAMES.every((required) => sizes.some((size) => size.name === required)),
        `sizes must include ${REQUIRED_THUMBNAIL_SIZE_NAMES.join(" and ")}`,
      )
      .transform((sizes) => [...sizes].sort((a, b) => b.maxDimension - a.maxDimension)),
  );

/** What the thumbnail function learned from the original. */
export const ImageFactsSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  capturedAt: z.iso.datetime().optional(),
  /** A PDF's page count; its width and height are then page 1's, in points (1/72 inch). */
  pages: z.number().int().positive().optional(),
});

/** The DynamoDB item of one upload (table `photos`, key ownerId + photoId). */
export const PhotoItemSchema = z.object({
  ownerId: OwnerIdSchema,
  photoId: PhotoIdSchema,
  batchId: BatchIdSchema.optional(),
  kind: UploadKindSchema,
  status: PhotoStatusSchema,
  originalName: z.string().optional(),
  contentType: z.string().optional(),
  declaredBytes: z.number().int().optional(),
  uploadKey: z.string(),
  /**
   * The S3 version of the original that was decided on (the uploads bucket is versioned): a
   * later upload to the same key is a different version and is refused, so what was processed
   * is what stays stored.
   */
  originalVersionId: z.string().optional(),
  receipt: ReceiptHintsSchema.optional(),
  /** The POST /uploads request the upload came from (correlation.ts); absent on items older than it. */
  correlationId: CorrelationIdSchema.optional(),
  image: ImageFactsSchema.optional(),
  thumbnails: ThumbnailKeysSchema.optional(),
  failureCode: FailureCodeSchema.optional(),
  failureReason: z.string().optional(),
  /** Set once the final status was announced on the events topic; a replay without it announces again. */
  notifiedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/**
 * One thumbnail as the API shows it: a short-lived presigned GET URL and the image's size in
 * pixels, so a client can build `srcset` (`${url} ${width}w`) and reserve the box before it loads.
 */
export const ThumbnailViewSchema = z.object({
  url: z.url(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** One photo as the API shows it: each thumbnail by size name, with its URL and its size. */
export const PhotoViewSchema = PhotoItemSchema.omit({
  ownerId: true,
  uploadKey: true,
  originalVersionId: true,
  thumbnails: true,
}).extend({
  thumbnails: z.record(z.string(), ThumbnailViewSchema),
});

/**
 * GET /photos/{id}: the photo view, and once the photo is decided and its original was read, a
 * short-lived presigned GET of the original that downloads it (`Content-Disposition: attachment`)
 * under the name it was uploaded with.
 */
export const PhotoDetailSchema = PhotoViewSchema.extend({
  originalUrl: z.url().optional(),
});

export const PhotoListResponseSchema = z.object({
  photos: z.array(PhotoViewSchema),
  nextToken: z.string().optional(),
});

export const PhotoListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  nextToken: z.string().max(2048).optional(),
});

export type PhotoStatus = z.infer<typeof PhotoStatusSchema>;
export type FailureCode = z.infer<typeof FailureCodeSchema>;
export type ImageFacts = z.infer<typeof ImageFactsSchema>;
export type PhotoItem = z.infer<typeof PhotoItemSchema>;
export type ThumbnailView = z.infer<typeof ThumbnailViewSchema>;
export type PhotoView = z.infer<typeof PhotoViewSchema>;
export type PhotoDetail = z.infer<typeof PhotoDetailSchema>;
export type PhotoListResponse = z.infer<typeof PhotoListResponseSchema>;
export type PhotoListQuery = z.infer<typeof PhotoListQuerySchema>;

/** What is known of an upload before its bytes arrive. */
export interface PendingUpload {
  ownerId: string;
  photoId: string;
  batchId?: string;
  kind: UploadKind;
  originalName: string;
  contentType: string;
  declaredBytes: number;
  receipt?: ReceiptHints;
  correlationId?: string;
}

/**
 * The PENDING item written before an upload's bytes exist, by the upload API for each file and by
 * archive-fanout for each image of a zip, so the thumbnail function always finds it.
 *
 * @example
 * const item = pendingPhotoItem({ ownerId, photoId, kind: "photo", originalName: "a.jpg", contentType: "image/jpeg", declaredBytes: 1 }, now);
 */
export const pendingPhotoItem = (upload: PendingUpload, now: string): PhotoItem => ({
  ownerId: upload.ownerId,
  photoId: upload.photoId,
  ...(upload.batchId ? { batchId: upload.batchId } : {}),
  kind: upload.kind,
  status: "PENDING",
  originalName: upload.originalName,
  contentType: upload.contentType,
  declaredBytes: upload.declaredBytes,
  uploadKey: uploadKey(upload.ownerId, upload.photoId),
  ...(upload.receipt ? { receipt: upload.receipt } : {}),
  ...(upload.correlationId ? { correlationId: upload.correlationId } : {}),
  createdAt: now,
  updatedAt: now,
});
