import { describe, expect, it } from "vitest";
import {
  ACCEPTED_TYPES,
  AcceptedContentTypeSchema,
  contentTypeRefusal,
  contentTypesAccepted,
  IMAGE_TYPES,
} from "../src/index.ts";

const IMAGES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "image/tiff",
  "image/avif",
  "image/heic",
  "image/heif",
];

describe("ACCEPTED_TYPES", () => {
  it("is what uploads may declare: JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC, HEIF and PDF", () => {
    expect(AcceptedContentTypeSchema.options).toEqual([...IMAGES, "application/pdf"]);
  });

  it("has the images, every type but PDF, as IMAGE_TYPES", () => {
    expect(IMAGE_TYPES.map((type) => type.contentType)).toEqual(IMAGES);
  });

  it("takes images as photos and receipts, and PDF as receipts only", () => {
    expect(contentTypesAccepted("photo")).toEqual(IMAGES);
    expect(contentTypesAccepted("receipt")).toEqual([...IMAGES, "application/pdf"]);
  });

  it.each(["image/svg+xml", "IMAGE/JPEG", "image/jpg", "image/heic-sequence", "text/plain"])(
    "refuses %s as a declared content type",
    (contentType) => {
      expect(AcceptedContentTypeSchema.safeParse(contentType).success).toBe(false);
    },
  );

  it("gives each extension and each format to one type only, extensions lower case with their dot", () => {
    const extensions = ACCEPTED_TYPES.flatMap((type) => type.extensions);
    const formats = ACCEPTED_TYPES.map((type) => type.sharpFormat);

    expect(new Set(extensions).size).toBe(extensions.length);
    expect(new Set(formats).size).toBe(formats.length);
    for (const extension of extensions) expect(extension).toMatch(/^\.[a-z]+$/);
  });
});

describe("contentTypeRefusal", () => {
  it.each([
    ["image/heic", "photo"],
    ["image/heif", "receipt"],
    ["image/jpeg", "photo"],
    ["application/pdf", "receipt"],
  ] as const)("takes %s as a %s", (contentType, kind) => {
    expect(contentTypeRefusal({ contentType, kind })).toBeUndefined();
  });

  it("refuses a PDF declared as a photo, saying to send it as a receipt", () => {
    expect(contentTypeRefusal({ contentType: "application/pdf", kind: "photo" })).toBe(
      "application/pdf is taken for receipt uploads only: send it with kind receipt",
    );
  });

  it("refuses an unknown type, naming what the kind may send", () => {
    expect(contentTypeRefusal({ contentType: "image/svg+xml", kind: "photo" })).toBe(
      `content type image/svg+xml is not accepted for a photo; send one of ${IMAGES.join(", ")}`,
    );
    expect(contentTypeRefusal({ contentType: "text/plain", kind: "receipt" })).toBe(
      `content type text/plain is not accepted for a receipt; send one of ${IMAGES.join(", ")}, application/pdf, application/zip`,
    );
  });
});
