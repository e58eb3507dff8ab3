import type { PDFDocument } from "pdf-lib";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { DocumentRefusedError } from "../errors.ts";
import { expandBits, type RawImage } from "../raw-image.ts";
import { declaredImages } from "./declared-images.ts";
import { checkPdfStructure, loadPdfStructure, type PdfLimits } from "./inspect-pdf.ts";
import { pdfPageDecodeBytes } from "./page-image-cost.ts";
import { type pdfjs, withPdfjsDocument } from "./pdfjs.ts";

/** What taking one page's image out may cost: refused, from the images' dictionaries, before decoding. */
export interface PdfImageLimits extends PdfLimits {
  /** Width x height of any image on the page, at most. */
  maxPixels: number;
  /** Memory taking the page's images out may take (pdfPageDecodeBytes), at most. */
  maxDecodeBytes: number;
}

/** pdfjs' ImageKind: how an image object's `data` is laid out. */
const IMAGE_KIND = { GRAYSCALE_1BPP: 1, RGB_24BPP: 2, RGBA_32BPP: 3 } as const;

interface PdfjsImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8ClampedArray | Uint8Array;
}

const MIB = 1024 * 1024;

/** Refuses a page whose images, as its resources declare them, are over either limit. */
export const checkPageImages = (structure: PDFDocument, pageNumber: number, limits: PdfImageLimits): void => {
  const images = declaredImages(structure, pageNumber - 1);
  const largest = images.reduce((most, image) => Math.max(most, image.width * image.height), 0);
  if (largest > limits.maxPixels) {
    throw new DocumentRefusedError(
      "TOO_MANY_PIXELS",
      `page ${pageNumber} of the PDF holds an image of ${(largest / 1e6).toFixed(1)} Mpx, more than the ${(limits.maxPixels / 1e6).toFixed(1)} Mpx allowed; scan the receipt at a lower resolution`,
    );
  }
  const needed = pdfPageDecodeBytes(images);
  if (images.length > 0 && needed > limits.maxDecodeBytes) {
    throw new DocumentRefusedError(
      "TOO_LARGE_TO_DECODE",
      `reading the images of page ${pageNumber} of the PDF would take about ${Math.ceil(needed / MIB)} MiB of memory, more than the ${Math.floor(limits.maxDecodeBytes / MIB)} MiB allowed; scan the receipt at a lower resolution`,
    );
  }
};

const rawImageOf = ({ width, height, kind, data }: PdfjsImage): RawImage | undefined => {
  if (!data) return undefined;
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  switch (kind) {
    case IMAGE_KIND.GRAYSCALE_1BPP:
      return { data: expandBits(bytes, width, height), raw: { width, height, channels: 1 } };
    case IMAGE_KIND.RGB_24BPP:
      return { data: bytes, raw: { width, height, channels: 3 } };
    case IMAGE_KIND.RGBA_32BPP:
      return { data: bytes, raw: { width, height, channels: 4 } };
    default:
      return undefined;
  }
};

/** The largest image a page paints, as pdfjs decoded it; undefined when it paints none. */
export const largestPaintedImage = async (
  page: PDFPageProxy,
  lib: Awaited<ReturnType<typeof pdfjs>>,
): Promise<RawImage | undefined> => {
  const { fnArray, argsArray } = await page.getOperatorList();
  let largest: PdfjsImage | undefined;
  for (const [index, operation] of fnArray.entries()) {
    let image: PdfjsImage | undefined;
    if (operation === lib.OPS.paintImageXObject) {
      const objectId = String(argsArray[index]?.[0]);
      // Images used on several pages live in the document's common objects ("g_" ids).
      image = (objectId.startsWith("g_") ? page.commonObjs : page.objs).get(objectId) as PdfjsImage;
    } else if (operation === lib.OPS.paintInlineImageXObject) {
      image = argsArray[index]?.[0] as PdfjsImage;
    }
    if (image?.data && (!largest || image.width * image.height > largest.width * largest.height))
      largest = image;
  }
  return largest ? rawImageOf(largest) : undefined;
};

export const checkPageNumber = (pageNumber: number, pages: number): void => {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) {
    throw new RangeError(`page ${pageNumber} does not exist: the PDF has pages 1 to ${pages}`);
  }
};

/**
 * The largest image a page of a PDF paints, as raw pixels (grey, RGB or RGBA, 8 bits): a scanned
 * receipt is one image per page, and this is it, ready for OCR or for sharp
 * (`sharp(data, { raw })`). Undefined when the page paints no image: with no text layer either
 * (pdfTextPages), the page is empty.
 *
 * The PDF is inspected first (inspectPdf), then the images the page's resources declare are held
 * to `maxPixels` and `maxDecodeBytes` (pdfPageDecodeBytes) before pdfjs decodes any of them;
 * pdfjs itself leaves out any image over `maxPixels` (an inline one, which no resource declares).
 *
 * Throws a DocumentRefusedError (inspectPdf's, TOO_MANY_PIXELS, TOO_LARGE_TO_DECODE), or a
 * RangeError for a page the PDF does not have.
 *
 * @example
 * const scan = await pdfPageImage(bytes, 1, { maxPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 });
 * if (scan) await sharp(scan.data, { raw: scan.raw }).png().toFile("page-1.png");
 */
export const pdfPageImage = async (
  bytes: Uint8Array,
  pageNumber: number,
  limits: PdfImageLimits,
): Promise<RawImage | undefined> => {
  const structure = await loadPdfStructure(bytes);
  const { pages } = checkPdfStructure(structure, limits);
  checkPageNumber(pageNumber, pages);
  checkPageImages(structure, pageNumber, limits);
  return withPdfjsDocument(
    bytes,
    { maxImagePixels: limits.maxPixels },
    async (document: PDFDocumentProxy, lib) => largestPaintedImage(await document.getPage(pageNumber), lib),
  );
};
