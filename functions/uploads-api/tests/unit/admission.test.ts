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

const rules = { maxUploadBytes: 1000, maxArchiveBytes: 5000 };
const zip = (overrides: Partial<UploadFile> = {}) =>
  file({ name: "receipts.zip", contentType: "application/zip", kind: "receipt", ...overrides });

describe("refusalReason", () => {
  it("admits an accepted image type within the size limit", () => {
    expect(refusalReason(file({}), rules, false)).toBeUndefined();
  });

  it("refuses a type the thumbnail function cannot decode, naming the accepted ones", () => {
    expect(refusalReason(file({ contentType: "image/svg+xml" }), rules, false)).toMatch(
      /image\/svg\+xml is not accepted.*image\/jpeg/,
    );
  });

  it("admits an iPhone's HEIC as a photo or a receipt", () => {
    expect(
      refusalReason(file({ name: "IMG_0001.HEIC", contentType: "image/heic" }), rules, false),
    ).toBeUndefined();
    expect(refusalReason(file({ contentType: "image/heic", kind: "receipt" }), rules, false)).toBeUndefined();
  });

  it("admits a PDF as a receipt, and refuses it as a photo, saying how to send it", () => {
    const pdf = (kind: "photo" | "receipt") =>
      file({ name: "receipt.pdf", contentType: "application/pdf", kind });

    expect(refusalReason(pdf("receipt"), rules, false)).toBeUndefined();
    expect(refusalReason(pdf("photo"), rules, false)).toBe(
      "application/pdf is taken for receipt uploads only: send it with kind receipt",
    );
  });

  it("refuses a file larger than the limit, with both sizes", () => {
    expect(refusalReason(file({ size: 1001 }), rules, false)).toBe(
      "file is 1001 bytes; the limit is 1000 bytes",
    );
  });

  it("admits one zip of receipts per request, up to the archive limit", () => {
    expect(refusalReason(zip({ size: 5000 }), rules, false)).toBeUndefined();
    expect(refusalReason(zip(), rules, true)).toMatch(/one archive per batch/);
    expect(refusalReason(zip({ size: 5001 }), rules, false)).toBe(
      "archive is 5001 bytes; the limit is 5000 bytes",
    );
  });

  it("refuses a zip that is not declared as receipts", () => {
    expect(refusalReason(zip({ kind: "photo" }), rules, false)).toMatch(/kind receipt/);
  });
});
