import * as z from "zod";
import { CorrelationIdSchema } from "./correlation.ts";
import { BatchIdSchema, PhotoIdSchema } from "./ids.ts";
import { ACCEPTED_TYPES, contentTypesAccepted, type UploadKind, UploadKindSchema } from "./image-types.ts";

/** One request may ask for this many uploads; the presigned POSTs are cheap to sign. */
export const MAX_FILES_PER_REQUEST = 500;

/** A zip of receipt images, fanned out into one upload per image by the archive-fanout function. */
export const ARCHIVE_CONTENT_TYPE = "application/zip";

/**
 * Why a file's declared content type is refused for its kind, or undefined when it is taken:
 * an image (ACCEPTED_TYPES) as a photo or a receipt, a PDF as a receipt only. (A zip of
 * receipts, ARCHIVE_CONTENT_TYPE, has rules of its own.)
 *
 * @example
 * contentTypeRefusal({ contentType: "application/pdf", kind: "photo" });
 * // "application/pdf is taken for receipt uploads only: send it with kind receipt"
 */
export const contentTypeRefusal = (file: { contentType: string; kind: UploadKind }): string | undefined => {
  const accepted: string[] = contentTypesAccepted(file.kind);
  if (accepted.includes(file.contentType)) return undefined;
  const type = ACCEPTED_TYPES.find((candidate) => candidate.contentType === file.contentType);
  if (type) {
    return `${type.contentType} is taken for ${type.kinds.join(" and ")} uploads only: send it with kind ${type.kinds[0]}`;
  }
  const sendable = file.kind === "receipt" ? [...accepted, ARCHIVE_CONTENT_TYPE] : accepted;
  return `content type ${file.contentType} is not accepted for a ${file.kind}; send one of ${sendable.join(", ")}`;
};

/** The receipt fields whose reading is checked; the uploader's hints name the same ones. */
export const CheckedReceiptFieldSchema = z.enum(["merchant", "date", "total", "currency"]);
export type CheckedReceiptField = z.infer<typeof CheckedReceiptFieldSchema>;

/** What the uploader already knows about a receipt; the receipt workflow validates it. */
export const ReceiptHintsSchema = z
  .object({
    merchant: z.string().trim().min(1).max(200).optional(),
    date: z.iso.date().optional(),
    total: z.number().finite().optional(),
    currency: z.string().length(3).optional(),
  })
  .strict();

export const UploadFileSchema = z
  .object({
    name: z.string().min(1).max(255),
    contentType: z.string().min(1).max(100),
    size: z.number().int().positive(),
    kind: UploadKindSchema.default("photo"),
    receipt: ReceiptHintsSchema.optional(),
  })
  .strict();

export const UploadRequestSchema = z
  .object({
    files: z.array(UploadFileSchema).min(1).max(MAX_FILES_PER_REQUEST),
    /** Adds the files to an earlier batch of the caller's, so one batch can outgrow one request. */
    batchId: BatchIdSchema.optional(),
  })
  .strict();

/** A presigned S3 POST: the client sends `fields` plus the file as multipart form data to `url`. */
export const PresignedPostSchema = z.object({
  url: z.url(),
  fields: z.record(z.string(), z.string()),
});

export const AcceptedUploadSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  /** Absent for an archive: its images get their photo ids when it is fanned out. */
  photoId: PhotoIdSchema.optional(),
  key: z.string(),
  upload: PresignedPostSchema,
  expiresAt: z.iso.datetime(),
});

/** A file refused by business rules; the rest of the request still goes through. */
export const RejectedUploadSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  reason: z.string(),
});

export const UploadResponseSchema = z.object({
  batchId: BatchIdSchema,
  /** The request's correlation id, on every object, message and log line its uploads lead to. */
  correlationId: CorrelationIdSchema,
  uploads: z.array(AcceptedUploadSchema),
  rejected: z.array(RejectedUploadSchema),
});

export type ReceiptHints = z.infer<typeof ReceiptHintsSchema>;
export type UploadFile = z.infer<typeof UploadFileSchema>;
export type UploadRequest = z.infer<typeof UploadRequestSchema>;
export type PresignedPost = z.infer<typeof PresignedPostSchema>;
export type AcceptedUpload = z.infer<typeof AcceptedUploadSchema>;
export type RejectedUpload = z.infer<typeof RejectedUploadSchema>;
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
