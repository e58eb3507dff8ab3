import * as z from "zod";

/** What an upload is: a photo, or a receipt the workflow reads. */
export const UploadKindSchema = z.enum(["photo", "receipt"]);
export type UploadKind = z.infer<typeof UploadKindSchema>;

/**
 * The file types shoebox takes, and every name each one goes by: the content type an upload
 * declares (and the archive fan-out finds in an entry's bytes), the file extensions, the format
 * the thumbnail function records (`ImageFacts.format`: sharp's name for it, the HEIF container
 * told apart by codec and brand: `avif`, `heic`, `heif`), and the kinds of upload that may be
 * one. Every list of accepted files derives from this one.
 *
 * - HEIC (HEVC in HEIF, what iPhones take by default) and other HEVC-coded HEIF: the prebuilt
 *   libvips that sharp ships cannot decode HEVC, so @shoebox/document-decoding decodes them
 *   (libheif compiled to WebAssembly) and sharp takes the pixels from there. AVIF, the AV1
 *   flavour of HEIF, sharp decodes itself.
 * - PDF: receipts only (a printed receipt or a scan); a photo upload of a PDF is refused.
 *   @shoebox/document-decoding inspects it (no encryption, scripts or attached programs).
 * - SVG is left out on purpose: it is a document (external references, entity expansion,
 *   scripts in some viewers), not a photo.
 */
export const ACCEPTED_TYPES = [
  {
    contentType: "image/jpeg",
    extensions: [".jpg", ".jpeg"],
    sharpFormat: "jpeg",
    kinds: ["photo", "receipt"],
  },
  { contentType: "image/png", extensions: [".png"], sharpFormat: "png", kinds: ["photo", "receipt"] },
  { contentType: "image/webp", extensions: [".webp"], sharpFormat: "webp", kinds: ["photo", "receipt"] },
  { contentType: "image/gif", extensions: [".gif"], sharpFormat: "gif", kinds: ["photo", "receipt"] },
  {
    contentType: "image/tiff",
    extensions: [".tif", ".tiff"],
    sharpFormat: "tiff",
    kinds: ["photo", "receipt"],
  },
  { contentType: "image/avif", extensions: [".avif"], sharpFormat: "avif", kinds: ["photo", "receipt"] },
  { contentType: "image/heic", extensions: [".heic"], sharpFormat: "heic", kinds: ["photo", "receipt"] },
  { contentType: "image/heif", extensions: [".heif"], sharpFormat: "heif", kinds: ["photo", "receipt"] },
  { contentType: "application/pdf", extensions: [".pdf"], sharpFormat: "pdf", kinds: ["receipt"] },
] as const satisfies readonly {
  contentType: string;
  extensions: readonly `.${string}`[];
  sharpFormat: string;
  kinds: readonly UploadKind[];
}[];

export type AcceptedType = (typeof ACCEPTED_TYPES)[number];
/** An accepted type that is an image: every one but PDF. */
export type ImageType = Extract<AcceptedType, { contentType: `image/${string}` }>;

/** The accepted images: what a photo may be, and what a receipt may be besides a PDF. */
export const IMAGE_TYPES: readonly ImageType[] = ACCEPTED_TYPES.filter((type): type is ImageType =>
  type.contentType.startsWith("image/"),
);

/** Content types an upload may declare (which kind may declare which: uploads.ts); anything else is refused at the door. */
export const AcceptedContentTypeSchema = z.enum(ACCEPTED_TYPES.map((type) => type.contentType));

export type AcceptedContentType = z.infer<typeof AcceptedContentTypeSchema>;
/** The format the thumbnail function records for an accepted file (`ImageFacts.format`). */
export type AcceptedFormat = AcceptedType["sharpFormat"];
/** The format name of an accepted image (not a PDF). */
export type AcceptedImageFormat = ImageType["sharpFormat"];

/**
 * The content types an upload of this kind may declare.
 *
 * @example
 * contentTypesAccepted("photo"); // ["image/jpeg", ..., "image/heif"]: no PDF
 */
export const contentTypesAccepted = (kind: UploadKind): AcceptedContentType[] =>
  ACCEPTED_TYPES.filter((type) => (type.kinds as readonly UploadKind[]).includes(kind)).map(
    (type) => type.contentType,
  );
