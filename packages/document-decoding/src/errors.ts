import { PermanentError } from "@shoebox/runtime";

/**
 * Why a document was refused: stable codes a caller maps to its own (the thumbnail function to
 * a photo's FailureCode, the receipt reader to a reading's failure).
 *
 * | code | the document |
 * | --- | --- |
 * | `NOT_HEIC`, `NOT_PDF` | is not what it was taken for, whatever its name or content type said |
 * | `CORRUPT` | is damaged or cut short |
 * | `UNSUPPORTED` | is of its kind, but uses a feature or codec the decoder lacks |
 * | `TOO_MANY_PIXELS` | has more pixels than allowed (refused from its header, before decoding) |
 * | `TOO_LARGE_TO_DECODE` | would take more memory to decode than allowed (refused before decoding) |
 * | `PDF_ENCRYPTED` | is a PDF with a password or other encryption |
 * | `PDF_ACTIVE_CONTENT` | is a PDF that runs scripts, launches programs or carries risky attachments |
 * | `PDF_TOO_MANY_PAGES` | is a PDF with more pages than allowed |
 */
export type DocumentRefusalCode =
  | "NOT_HEIC"
  | "NOT_PDF"
  | "CORRUPT"
  | "UNSUPPORTED"
  | "TOO_MANY_PIXELS"
  | "TOO_LARGE_TO_DECODE"
  | "PDF_ENCRYPTED"
  | "PDF_ACTIVE_CONTENT"
  | "PDF_TOO_MANY_PAGES";

/**
 * The document cannot be read, and no retry will change that. The message is written for the
 * person who uploaded it: what is wrong and what to do; what a decoder said stays on `cause`.
 *
 * @example
 * throw new DocumentRefusedError("PDF_ENCRYPTED", "the PDF is encrypted: upload it without a password");
 */
export class DocumentRefusedError extends PermanentError {
  declare readonly code: DocumentRefusalCode;

  constructor(code: DocumentRefusalCode, message: string, options?: ErrorOptions) {
    super(message, code, options);
    this.name = "DocumentRefusedError";
  }
}
