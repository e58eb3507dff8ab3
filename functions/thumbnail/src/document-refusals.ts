import type { DocumentRefusalCode, DocumentRefusedError } from "@shoebox/document-decoding";
import type { FailureCode } from "@shoebox/schemas";
import { ImageRejectedError } from "./errors.ts";

/** The photo's failure code for each of @shoebox/document-decoding's refusals. */
const FAILURE_CODES: Record<DocumentRefusalCode, FailureCode> = {
  NOT_HEIC: "NOT_AN_IMAGE",
  NOT_PDF: "NOT_AN_IMAGE",
  CORRUPT: "CORRUPT_IMAGE",
  UNSUPPORTED: "UNSUPPORTED_FORMAT",
  TOO_MANY_PIXELS: "TOO_MANY_PIXELS",
  TOO_LARGE_TO_DECODE: "TOO_LARGE_TO_DECODE",
  // A PDF flavour that is not taken: the reason says which and what to do.
  PDF_ENCRYPTED: "UNSUPPORTED_FORMAT",
  PDF_ACTIVE_CONTENT: "UNSUPPORTED_FORMAT",
  PDF_TOO_MANY_PAGES: "TOO_LARGE",
};

/**
 * A HEIC or PDF refusal as the photo's: its failure code, and its reason unchanged (the package
 * writes reasons for the uploader); what the decoder said stays on the cause, for the log.
 */
export const imageRejectionOf = (refusal: DocumentRefusedError): ImageRejectedError =>
  new ImageRejectedError(FAILURE_CODES[refusal.code], refusal.message, { cause: refusal.cause ?? refusal });
