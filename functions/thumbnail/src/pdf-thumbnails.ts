import { DocumentRefusedError, inspectPdf, pdfPageImage } from "@shoebox/document-decoding";
import { contentTypesAccepted } from "@shoebox/schemas";
import sharp from "sharp";
import { LIBVIPS_WORKING_BYTES } from "./decode-cost.ts";
import { imageRejectionOf } from "./document-refusals.ts";
import { ImageRejectedError } from "./errors.ts";
import { fingerprintOf } from "./fingerprint.ts";
import {
  decodeToLargest,
  largestSize,
  type RenderedUpload,
  type RenderOptions,
  renderSizes,
} from "./render-sizes.ts";

const asRejection = (error: unknown): never => {
  throw error instanceof DocumentRefusedError ? imageRejectionOf(error) : error;
};

/**
 * A receipt PDF's thumbnails and facts. It is inspected first (@shoebox/document-decoding:
 * no encryption, scripts, launch actions or attached programs, at most 10 pages). The
 * thumbnails are made from page 1's largest image, which is a scanned receipt's page itself.
 *
 * A PDF printed from software has its text as text and no image to show: drawing that text
 * needs a canvas (and fonts) that the function does not carry, so it is PROCESSED without
 * thumbnails. Its facts say `format: "pdf"` and how many pages it has; its width and height
 * are page 1's, in points (1/72 inch), for every PDF alike.
 *
 * @example
 * const { facts, thumbnails } = await renderPdfThumbnails(bytes, { ...options, kind: "receipt" });
 * // facts: { format: "pdf", pages: 1, width: 595, height: 842, ... }; thumbnails: [] for a text PDF
 */
export const renderPdfThumbnails = async (
  original: Uint8Array,
  options: RenderOptions,
): Promise<RenderedUpload> => {
  const kind = options.kind ?? "photo";
  if (!contentTypesAccepted(kind).includes("application/pdf")) {
    throw new ImageRejectedError(
      "UNSUPPORTED_FORMAT",
      `a PDF is taken as a receipt only, not as a ${kind}: upload it again as a receipt`,
    );
  }
  const { pages, pageSizes } = await inspectPdf(original).catch(asRejection);
  const scan = await pdfPageImage(original, 1, {
    maxPixels: options.maxInputPixels,
    // libvips then shrinks the page's pixels: the same working memory as for any image.
    maxDecodeBytes: options.maxDecodeBytes - LIBVIPS_WORKING_BYTES,
  }).catch(asRejection);
  const thumbnails = scan
    ? await renderSizes(
        await decodeToLargest(sharp(scan.data, { raw: scan.raw }), largestSize(options.sizes)),
        options.sizes,
      )
    : [];
  const [firstPage = { width: 1, height: 1 }] = pageSizes;
  return {
    facts: {
      width: Math.max(1, Math.round(firstPage.width)),
      height: Math.max(1, Math.round(firstPage.height)),
      format: "pdf",
      pages,
      ...fingerprintOf(original),
    },
    thumbnails,
  };
};
