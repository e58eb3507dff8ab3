import type { UploadFile } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { refusalReason } from "../../src/admission.ts";

const file = (overrides: Partial<UploadFile>): UploadFile => ({
  name: "IMG_0001.jpg",
  contentType: "image/jpeg",
  size: 1000,
  kind: "photo",
  ...overrides,
});

describe("refusalReason", () => {
  it("admits an accepted image type within the size limit", () => {
    expect(refusalReason(file({}), { maxUploadBytes: 1000 })).toBeUndefined();
  });

  it("refuses a type the thumbnail function cannot decode, naming the accepted ones", () => {
    expect(refusalReason(file({ contentType: "image/svg+xml" }), { maxUploadBytes: 1000 })).toMatch(
      /image\/svg\+xml is not accepted.*image\/jpeg/,
    );
  });

  it("refuses a file larger than the limit, with both sizes", () => {
    expect(refusalReason(file({ size: 1001 }), { maxUploadBytes: 1000 })).toBe(
      "file is 1001 bytes; the limit is 1000 bytes",
    );
  });
});
