import { PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFStream } from "pdf-lib";

/** An image XObject as its dictionary declares it, before anything is decoded. */
export interface DeclaredImage {
  width: number;
  height: number;
}

/** Forms nest forms; a real page goes two or three deep, a hostile one forever. */
const MAX_FORM_DEPTH = 8;

const numberIn = (dict: PDFDict, key: string): number => {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : 0;
};

/**
 * Every image XObject a page's resources name, its forms' resources included, with the size its
 * dictionary declares: what the limits are checked against before pdfjs decodes a pixel (a
 * 20000x20000 image can weigh 50 KB in the file).
 *
 * @example
 * declaredImages(document, 0); // [{ width: 2480, height: 3508 }]
 */
export const declaredImages = (document: PDFDocument, pageIndex: number): DeclaredImage[] => {
  const images: DeclaredImage[] = [];
  const seen = new Set<PDFObject>();
  const visitResources = (resources: PDFObject | undefined, depth: number): void => {
    const resourceDict = document.context.lookup(resources);
    if (!(resourceDict instanceof PDFDict) || depth > MAX_FORM_DEPTH) return;
    const xObjects = document.context.lookup(resourceDict.get(PDFName.of("XObject")));
    if (!(xObjects instanceof PDFDict)) return;
    for (const [, reference] of xObjects.entries()) {
      const xObject = document.context.lookup(reference);
      if (!(xObject instanceof PDFStream) || seen.has(xObject)) continue;
      seen.add(xObject);
      const subtype = xObject.dict.get(PDFName.of("Subtype"));
      if (subtype === PDFName.of("Image")) {
        images.push({ width: numberIn(xObject.dict, "Width"), height: numberIn(xObject.dict, "Height") });
      } else if (subtype === PDFName.of("Form")) {
        visitResources(xObject.dict.get(PDFName.of("Resources")), depth + 1);
      }
    }
  };
  const page = document.getPage(pageIndex);
  // Resources() follows /Parent for resources a page inherits from its page tree.
  visitResources(page.node.Resources(), 0);
  return images;
};
