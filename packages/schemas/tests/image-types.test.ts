import { describe, expect, it } from "vitest";
import { AcceptedContentTypeSchema, IMAGE_TYPES } from "../src/index.ts";

describe("IMAGE_TYPES", () => {
  it("is what uploads may declare: JPEG, PNG, WebP, GIF, TIFF and AVIF", () => {
    expect(AcceptedContentTypeSchema.options).toEqual([
      "image/jpeg",
      "image/png",
      "image/webp",
      "image/gif",
      "image/tiff",
      "image/avif",
    ]);
  });

  it.each(["image/heic", "image/svg+xml", "application/pdf", "IMAGE/JPEG", "image/jpg"])(
    "refuses %s as a declared content type",
    (contentType) => {
      expect(AcceptedContentTypeSchema.safeParse(contentType).success).toBe(false);
    },
  );

  it("gives each extension to one type only, lower case with its dot", () => {
    const extensions = IMAGE_TYPES.flatMap((type) => type.extensions);

    expect(new Set(extensions).size).toBe(extensions.length);
    for (const extension of extensions) expect(extension).toMatch(/^\.[a-z]+$/);
  });
});
