import { describe, expect, it } from "vitest";
import { MAX_FILES_PER_REQUEST, UploadRequestSchema } from "../src/index.ts";

describe("UploadRequestSchema", () => {
  it("defaults a file's kind to photo", () => {
    const parsed = UploadRequestSchema.parse({
      files: [{ name: "a.jpg", contentType: "image/jpeg", size: 1 }],
    });

    expect(parsed.files[0]?.kind).toBe("photo");
  });

  it(`allows ${MAX_FILES_PER_REQUEST} files and no more`, () => {
    const files = (n: number) =>
      Array.from({ length: n }, () => ({ name: "a.jpg", contentType: "image/jpeg", size: 1 }));

    expect(UploadRequestSchema.safeParse({ files: files(MAX_FILES_PER_REQUEST) }).success).toBe(true);
    expect(UploadRequestSchema.safeParse({ files: files(MAX_FILES_PER_REQUEST + 1) }).success).toBe(false);
  });

  it("keeps receipt hints for the receipt workflow", () => {
    const parsed = UploadRequestSchema.parse({
      files: [
        {
          name: "r.jpg",
          contentType: "image/jpeg",
          size: 1,
          kind: "receipt",
          receipt: { merchant: "Cafe", total: 4.5 },
        },
      ],
    });

    expect(parsed.files[0]?.receipt).toEqual({ merchant: "Cafe", total: 4.5 });
  });
});
