import type { RawImage } from "../raw-image.ts";
import { checkPdfStructure, loadPdfStructure } from "./inspect-pdf.ts";
import { checkPageImages, largestPaintedImage, type PdfImageLimits } from "./pdf-page-image.ts";
import { pageTextLines } from "./pdf-text.ts";
import { openPdfjsDocument, refusalOfPdfjsError } from "./pdfjs.ts";

/** What one page of a PDF holds to be read: its text layer, else its scanned image, else nothing. */
export type PdfPageContent =
  | { pageNumber: number; kind: "text"; lines: string[] }
  | { pageNumber: number; kind: "image"; image: RawImage }
  | { pageNumber: number; kind: "empty" };

/**
 * Every page of a PDF, one at a time, as what there is to read on it: the text layer's lines
 * when it has one (pdfTextPages), otherwise its largest image for OCR (pdfPageImage, under the
 * same limits), otherwise `empty`. One page's image is held at a time: read it before asking
 * for the next page. The PDF is inspected first, and parsed once.
 *
 * Throws what inspectPdf and pdfPageImage throw, when it gets to that page.
 *
 * @example
 * for await (const page of readPdfPages(bytes, { maxPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 })) {
 *   if (page.kind === "text") lines.push(...page.lines);
 *   else if (page.kind === "image") lines.push(...(await ocr(page.image)));
 * }
 */
export async function* readPdfPages(
  bytes: Uint8Array,
  limits: PdfImageLimits,
): AsyncGenerator<PdfPageContent> {
  const structure = await loadPdfStructure(bytes);
  const { pages } = checkPdfStructure(structure, limits);
  const { document, lib, destroy } = await openPdfjsDocument(bytes, { maxImagePixels: limits.maxPixels });
  try {
    for (let pageNumber = 1; pageNumber <= pages; pageNumber++) {
      let content: PdfPageContent;
      try {
        const page = await document.getPage(pageNumber);
        const lines = await pageTextLines(page);
        if (lines.length > 0) {
          content = { pageNumber, kind: "text", lines };
        } else {
          checkPageImages(structure, pageNumber, limits);
          const image = await largestPaintedImage(page, lib);
          content = image ? { pageNumber, kind: "image", image } : { pageNumber, kind: "empty" };
        }
        page.cleanup();
      } catch (error) {
        throw refusalOfPdfjsError(error);
      }
      yield content;
    }
  } finally {
    await destroy();
  }
}
