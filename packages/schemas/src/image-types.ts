import * as z from "zod";

/**
 * The image types shoebox takes, and every name each one goes by: the content type an upload
 * declares (and the archive fan-out finds in an entry's bytes), the file extensions, and the
 * format sharp reports when it reads the image. Every list of accepted images derives from
 * this one. SVG is left out on purpose: it is a document (external references, entity
 * expansion, scripts in some viewers), not a photo. So is HEIC: the prebuilt libvips that
 * sharp ships cannot decode HEVC (AVIF, the other HEIF flavour, is fine).
 */
export const IMAGE_TYPES = [
  { contentType: "image/jpeg", extensions: [".jpg", ".jpeg"], sharpFormat: "jpeg" },
  { contentType: "image/png", extensions: [".png"], sharpFormat: "png" },
  { contentType: "image/webp", extensions: [".webp"], sharpFormat: "webp" },
  { contentType: "image/gif", extensions: [".gif"], sharpFormat: "gif" },
  { contentType: "image/tiff", extensions: [".tif", ".tiff"], sharpFormat: "tiff" },
  { contentType: "image/avif", extensions: [".avif"], sharpFormat: "avif" },
] as const;

/** Content types an upload may declare; anything else is refused at the door. */
export const AcceptedContentTypeSchema = z.enum(IMAGE_TYPES.map((type) => type.contentType));

export type ImageType = (typeof IMAGE_TYPES)[number];
export type AcceptedContentType = z.infer<typeof AcceptedContentTypeSchema>;
/** The format name sharp's metadata gives an accepted image (`metadata.format`). */
export type AcceptedImageFormat = ImageType["sharpFormat"];
