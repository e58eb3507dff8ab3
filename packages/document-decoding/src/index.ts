export { type DocumentRefusalCode, DocumentRefusedError } from "./errors.ts";
export { type HeicHeader, heicDecodeBytes } from "./heic/decode-cost.ts";
export { decodeHeic, type HeicLimits, readHeicHeader } from "./heic/decode-heic.ts";
export type { DeclaredImage } from "./pdf/declared-images.ts";
export {
  DEFAULT_MAX_PDF_PAGES,
  inspectPdf,
  type PdfInspection,
  type PdfLimits,
  type PdfPageSize,
} from "./pdf/inspect-pdf.ts";
export { pdfPageDecodeBytes } from "./pdf/page-image-cost.ts";
export { type PdfImageLimits, pdfPageImage } from "./pdf/pdf-page-image.ts";
export { type PdfTextPage, pdfTextPages } from "./pdf/pdf-text.ts";
export { type PdfPageContent, readPdfPages } from "./pdf/read-pdf-pages.ts";
export type { RawImage } from "./raw-image.ts";
export { DOCUMENT_SNIFF_BYTES, type DocumentFormat, sniffDocumentType } from "./sniff.ts";
