import * as z from "zod";
import { BatchIdSchema, PhotoIdSchema } from "./ids.ts";

/** One request may ask for this many uploads; the presigned POSTs are cheap to sign. */
export const MAX_FILES_PER_REQUEST = 500;

export const UploadKindSchema = z.enum(["photo", "receipt"]);

/** A zip of receipt images, fanned out into one upload per image by the archive-fanout function. */
export const ARCHIVE_CONTENT_TYPE = "application/zip";

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
  uploads: z.array(AcceptedUploadSchema),
  rejected: z.array(RejectedUploadSchema),
});

export type UploadKind = z.infer<typeof UploadKindSchema>;
export type ReceiptHints = z.infer<typeof ReceiptHintsSchema>;
export type UploadFile = z.infer<typeof UploadFileSchema>;
export type UploadRequest = z.infer<typeof UploadRequestSchema>;
export type PresignedPost = z.infer<typeof PresignedPostSchema>;
export type AcceptedUpload = z.infer<typeof AcceptedUploadSchema>;
export type RejectedUpload = z.infer<typeof RejectedUploadSchema>;
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
