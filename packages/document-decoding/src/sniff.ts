import { CONTENT_SNIFF_BYTES, sniffContentType } from "@shoebox/schemas";

/** What sniffDocumentType recognises: the formats this package reads and sharp cannot. */
export type DocumentFormat = "heic" | "heif" | "pdf";

/** How many leading bytes sniffDocumentType needs to decide. */
export const DOCUMENT_SNIFF_BYTES = CONTENT_SNIFF_BYTES;

const DOCUMENT_FORMATS: Readonly<Record<string, DocumentFormat>> = {
  "image/heic": "heic",
  "image/heif": "heif",
  "application/pdf": "pdf",
};

/**
 * The format of some bytes by their magic numbers (@shoebox/schemas' sniffContentType), when it
 * is one this package decodes: HEIC, other HEVC-coded HEIF, PDF. AVIF is HEIF too, but sharp
 * reads it: it is not one of these, and neither is anything else.
 *
 * @example
 * sniffDocumentType(readFileSync("IMG_0001.HEIC")); // "heic"
 * sniffDocumentType(Buffer.from("%PDF-1.7\n"));      // "pdf"
 */
export const sniffDocumentType = (bytes: Uint8Array): DocumentFormat | undefined => {
  const contentType = sniffContentType(bytes);
  return contentType ? DOCUMENT_FORMATS[contentType] : undefined;
};
