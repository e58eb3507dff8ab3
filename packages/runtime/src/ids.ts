import { createHash } from "node:crypto";
import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

/** A new ULID: unique, and sortable by creation time. */
export const newId = (): string => nextUlid();

/**
 * The owner id of a caller: issuer and subject together, hashed, so two identity
 * providers can never share an owner and the id is safe in keys as it stands.
 */
export const ownerIdFromClaims = (issuer: string, subject: string): string =>
  createHash("sha256").update(`${issuer}\n${subject}`).digest("base64url").slice(0, 22);
