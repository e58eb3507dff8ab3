import { createHash } from "node:crypto";
import type { ImageFacts } from "@shoebox/schemas";

/** The original's size and SHA-256, as the photo's facts carry them (duplicates are found by it). */
export const fingerprintOf = (original: Uint8Array): Pick<ImageFacts, "bytes" | "sha256"> => ({
  bytes: original.byteLength,
  sha256: createHash("sha256").update(original).digest("hex"),
});
