import type { DeclaredImage } from "./declared-images.ts";

/**
 * What pdfjs holds per pixel of every image on a page while it builds the page's operator list
 * (it decodes them all, not only the one kept): the JPEG decoder's component planes and the RGB
 * it converts them to, which is handed over as it is. Measured: 7.1 to 7.2.
 */
const PDF_BYTES_PER_PIXEL = 8;

/** pdfjs itself, loaded on first use, its parser and the page's operator list: 43 MiB measured. */
const PDF_BASE_BYTES = 48 * 1024 * 1024;

/**
 * The memory, in bytes, that taking the images out of one page of a PDF takes, from the sizes
 * the images' dictionaries declare, before a pixel is decoded. Errs high: against the peak
 * resident memory above the loaded bundle, measured with bench/pdf-page-image.mjs on scanned
 * pages (one JPEG each):
 *
 * | page's image | measured | estimate |
 * | --- | --- | --- |
 * | 600x400 | 45 MiB | 50 MiB |
 * | 2480x3508 (A4 at 300 dpi) | 102 MiB | 114 MiB |
 * | 4032x3024 (12 Mpx) | 127 MiB | 141 MiB |
 *
 * @example
 * pdfPageDecodeBytes([{ width: 2480, height: 3508 }]); // 119_930_368 (114 MiB)
 */
export const pdfPageDecodeBytes = (images: readonly DeclaredImage[]): number =>
  PDF_BASE_BYTES + images.reduce((sum, { width, height }) => sum + width * height * PDF_BYTES_PER_PIXEL, 0);
