import { describe, expect, it } from "vitest";
import { PhotoDetailSchema, PhotoViewSchema, ThumbnailSizesSchema } from "../src/index.ts";

describe("ThumbnailSizesSchema", () => {
  it("reads name:pixels pairs, largest first", () => {
    expect(ThumbnailSizesSchema.parse("small:160, medium:640,large:1280")).toEqual([
      { name: "large", maxDimension: 1280 },
      { name: "medium", maxDimension: 640 },
      { name: "small", maxDimension: 160 },
    ]);
  });

  it.each([
    ["a pair without pixels", "small,medium:640", /"small" is not name:pixels/],
    ["an upper-case name (names end up in keys)", "Small:160,medium:640", /is not name:pixels/],
    ["an edge under 16 px", "small:8,medium:640", /16/],
    ["an edge over 4096 px", "small:160,medium:8192", /4096/],
    ["a name twice", "small:160,small:320,medium:640", /unique/],
    ["no small size", "medium:640", /small and medium/],
  ])("refuses %s", (_, spec, message) => {
    const parsed = ThumbnailSizesSchema.safeParse(spec);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join("; ")).toMatch(message);
  });
});

describe("PhotoViewSchema and PhotoDetailSchema", () => {
  const view = {
    photoId: "01JDQ7ZK2M3N4P5Q6R7S8T9V0W",
    kind: "photo",
    status: "PROCESSED",
    createdAt: "2026-11-24T10:00:00.000Z",
    updatedAt: "2026-11-24T10:00:02.000Z",
    thumbnails: {
      small: { url: "https://thumbnails.example/small.webp?X-Amz-Signature=1", width: 120, height: 160 },
    },
  };

  it("gives each thumbnail its URL, width and height", () => {
    expect(PhotoViewSchema.parse(view).thumbnails.small).toEqual(view.thumbnails.small);
    expect(
      PhotoViewSchema.safeParse({ ...view, thumbnails: { small: view.thumbnails.small.url } }).success,
    ).toBe(false);
  });

  it("shows the original's download link in the detail only, and none is required", () => {
    const originalUrl = "https://uploads.example/original?response-content-disposition=attachment";

    expect(PhotoDetailSchema.parse({ ...view, originalUrl }).originalUrl).toBe(originalUrl);
    expect(PhotoDetailSchema.parse(view)).not.toHaveProperty("originalUrl");
    expect(PhotoViewSchema.parse({ ...view, originalUrl })).not.toHaveProperty("originalUrl");
  });
});
