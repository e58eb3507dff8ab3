import {
  DocumentRefusedError,
  decodeHeic,
  type PdfPageContent,
  readPdfPages,
  sniffDocumentType,
} from "@shoebox/document-decoding";
import { type OcrLine, ReceiptUnreadableError } from "@shoebox/receipt-reading";
import { ACCEPTED_TYPES, type AcceptedFormat } from "@shoebox/schemas";

/** The layout of raw pixels: 8 bits per sample, interleaved, rows without padding (sharp's `raw`). */
export interface RawLayout {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/**
 * One page of a receipt document, as the reader takes it: an image to OCR (encoded bytes sharp
 * decodes, or raw pixels with their layout, as a decoder gives them), or lines that need no
 * OCR (a PDF's text layer).
 */
export type DocumentPage = { image: Uint8Array; raw?: RawLayout } | { lines: OcrLine[] };

/** What decoding one page may cost: refused, from its header, before a pixel is decoded. */
export interface DecodeLimits {
  /** Width x height of a page's image, at most (MAX_INPUT_PIXELS). */
  maxInputPixels: number;
  /** Memory decoding one HEIC photo or one PDF page may take (MAX_DECODE_BYTES). */
  maxDecodeBytes: number;
}

/**
 * What a receipt's file is: an image sharp decodes itself, or a document whose pages must be
 * turned into images (or text) first: HEIC (HEVC-coded HEIF, which the prebuilt libvips cannot
 * decode) and PDF.
 */
export type DocumentKind = "image" | "heic" | "pdf";

/** The kind of document an accepted format (ACCEPTED_TYPES' `sharpFormat`) is. */
export const documentKindOfFormat = (format: AcceptedFormat): DocumentKind => {
  if (format === "pdf") return "pdf";
  if (format === "heic" || format === "heif") return "heic";
  return "image";
};

/** Every kind of file read as a receipt, by name, for what to upload instead. */
const readableNames = ACCEPTED_TYPES.map((type) => type.sharpFormat.toUpperCase()).join(", ");

/** `image/JPEG; charset=binary` -> `image/jpeg`. */
const mediaTypeOf = (contentType: string): string => (contentType.split(";")[0] ?? "").trim().toLowerCase();

/** The kind of document a content type names; undefined for anything shoebox does not take as a receipt. */
export const documentKindOf = (contentType: string): DocumentKind | undefined => {
  const mediaType = mediaTypeOf(contentType);
  const accepted = ACCEPTED_TYPES.find((type) => type.contentType === mediaType);
  return accepted && documentKindOfFormat(accepted.sharpFormat);
};

/**
 * Why a file cannot be read, and what the uploader can do instead: `what` names a file of no
 * accepted kind (its content type, or the format its bytes are). A HEIC reaches here only when
 * sharp finds HEVC in a file whose brands did not say HEIC, which libheif is not given.
 */
export const notReadable = (kind: DocumentKind | undefined, what: string): ReceiptUnreadableError =>
  kind === "heic"
    ? new ReceiptUnreadableError(
        "the receipt's file is a HEIF image of a kind this reader cannot decode; export it as JPEG and upload that",
      )
    : new ReceiptUnreadableError(
        `${what} is not a receipt image; upload a photo of the receipt (${readableNames})`,
      );

/**
 * Refuses, before anything is downloaded, a content type that is not a receipt's (SVG, text...).
 *
 * @example
 * assertReadableType("image/svg+xml"); // throws ReceiptUnreadable: ... is not a receipt image
 */
export const assertReadableType = (contentType: string): void => {
  const kind = documentKindOf(contentType);
  if (!kind) throw notReadable(kind, `a file of type "${contentType}"`);
};

/**
 * A refusal of @shoebox/document-decoding as the reader's: its reason unchanged (the package
 * writes reasons for the uploader: what is wrong and what to do), the decoder's words on the cause.
 */
const asUnreadable = (error: unknown): unknown =>
  error instanceof DocumentRefusedError
    ? new ReceiptUnreadableError(error.message, { cause: error.cause ?? error })
    : error;

/** A PDF page's content as the reader's page; an empty page (nothing to read) is none. */
const pageOfPdf = (content: PdfPageContent): DocumentPage | undefined => {
  switch (content.kind) {
    case "text":
      // The text layer is the receipt's own characters, not a guess: full confidence.
      return { lines: content.lines.map((text) => ({ text, confidence: 100 })) };
    case "image":
      return { image: content.image.data, raw: content.image.raw };
    case "empty":
      return undefined;
  }
};

/** A PDF's pages, one at a time; refused when not one of them has text or an image to read. */
async function* pdfPages(bytes: Uint8Array, limits: DecodeLimits): AsyncGenerator<DocumentPage> {
  let pagesRead = 0;
  for await (const content of readPdfPages(bytes, {
    maxPixels: limits.maxInputPixels,
    maxDecodeBytes: limits.maxDecodeBytes,
  })) {
    const page = pageOfPdf(content);
    if (!page) continue;
    pagesRead++;
    yield page;
  }
  if (pagesRead === 0) {
    throw new ReceiptUnreadableError(
      "the PDF has no text and no image this reader can read (its pages are blank, or drawn as vector shapes or JPEG 2000 images); upload a photo or a screenshot of the receipt as a JPEG or PNG",
    );
  }
}

/**
 * The pages of a receipt document, in reading order, one at a time: each is decoded only when
 * the one before it has been read, so one page's pixels are in memory at once. What the bytes
 * are decides, whatever the upload declared (a `receipt.jpg` holding a PDF is a PDF):
 * - a PDF (@shoebox/document-decoding): a page with a text layer as its lines (confidence 100:
 *   no OCR), a scanned page as its image's raw pixels, a blank page skipped;
 * - a HEIC photo (libheif): one page of raw pixels, already upright;
 * - anything else: one page of the bytes as they are, for sharp to decode (preparePage).
 *
 * Throws ReceiptUnreadable for what @shoebox/document-decoding refuses (encrypted PDF, PDF with
 * scripts or launch actions, too many pages, too many pixels, over `maxDecodeBytes`, damaged),
 * its reason saying what to do, and for a PDF with nothing to read on any page.
 *
 * @example
 * for await (const page of documentPagesOf(pdfBytes, { maxInputPixels: 50e6, maxDecodeBytes: 512 << 20 })) {
 *   // { lines: [{ text: "TOTAL 6.70", confidence: 100 }, ...] } or { image, raw }
 * }
 */
export async function* documentPagesOf(
  bytes: Uint8Array,
  limits: DecodeLimits,
): AsyncGenerator<DocumentPage> {
  try {
    switch (sniffDocumentType(bytes)) {
      case "pdf":
        yield* pdfPages(bytes, limits);
        return;
      case "heic":
      case "heif": {
        const { data, raw } = await decodeHeic(bytes, {
          maxPixels: limits.maxInputPixels,
          // sharp then works from these pixels: the budget is libheif's, the raw copy included.
          maxDecodeBytes: limits.maxDecodeBytes,
        });
        yield { image: data, raw };
        return;
      }
      default:
        yield { image: bytes };
    }
  } catch (error) {
    throw asUnreadable(error);
  }
}
