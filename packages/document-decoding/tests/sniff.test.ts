import { describe, expect, it } from "vitest";
import { sniffDocumentType } from "../src/index.ts";
import { coffeeJpeg, fixture } from "./helpers/fixtures.ts";

// The magic numbers and HEIF brands themselves are tested with sniffContentType (@shoebox/schemas).
describe("sniffDocumentType", () => {
  it.each(["coffee.heic", "quadrants.heic", "translucent.heic", "rotated.heic", "large.heic"])(
    "knows the real %s (written by libheif) as HEIC",
    (name) => {
      expect(sniffDocumentType(fixture(name))).toBe("heic");
    },
  );

  it.each(["text-receipt.pdf", "scanned-receipt.pdf", "encrypted.pdf", "javascript.pdf"])(
    "knows the real %s as PDF",
    (name) => {
      expect(sniffDocumentType(fixture(name))).toBe("pdf");
    },
  );

  it("leaves what sharp decodes itself to sharp: a JPEG is none of its formats", () => {
    expect(sniffDocumentType(coffeeJpeg())).toBeUndefined();
  });
});
