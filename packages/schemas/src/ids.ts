import * as z from "zod";

/**
 * The owner of every stored object and item: a stable, opaque id derived from the
 * caller's JWT issuer and subject (see `ownerIdFromClaims` in @shoebox/runtime).
 * It is safe in S3 keys and DynamoDB keys as it is.
 */
export const OwnerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "owner ids are 22 base64url characters");

/** A ULID: sortable by creation time, so a Query on it lists newest first. */
export const UlidSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "ids are ULIDs (26 Crockford base32 characters)");

export const PhotoIdSchema = UlidSchema;
export const BatchIdSchema = UlidSchema;

export type OwnerId = z.infer<typeof OwnerIdSchema>;
export type PhotoId = z.infer<typeof PhotoIdSchema>;
export type BatchId = z.infer<typeof BatchIdSchema>;
