import { renderThumbnails } from "@shoebox/fn-thumbnail/src/thumbnails.ts";
import { ThumbnailSizesSchema } from "@shoebox/schemas";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { thumbnailPixelSize } from "../../src/thumbnail-sizes.ts";

/*
 * The sizes the API tells against the thumbnails the thumbnail function itself renders from real
 * JPEG bytes (sharp, shrink-on-load, the smaller sizes derived from the largest), so a change in
 * how it renders shows here.
 */

const sizes = ThumbnailSizesSchema.parse("small:160,medium:640");
const options = { sizes, maxInputPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 };

const jpeg = (width: number, height: number, orientation?: number): Promise<Buffer> => {
  const image = sharp({ create: { width, height, channels: 3, background: "#8a6d3b" } });
  return (orientation ? image.withMetadata({ orientation }) : image).jpeg().toBuffer();
};

describe("thumbnailPixelSize", () => {
  it("fits the original inside the size's square without enlarging it", () => {
    expect(thumbnailPixelSize({ width: 4032, height: 3024 }, 640)).toEqual({ width: 640, height: 480 });
    expect(thumbnailPixelSize({ width: 3024, height: 4032 }, 160)).toEqual({ width: 120, height: 160 });
    expect(thumbnailPixelSize({ width: 120, height: 90 }, 160)).toEqual({ width: 120, height: 90 });
    expect(thumbnailPixelSize({ width: 5000, height: 3 }, 160)).toEqual({ width: 160, height: 1 });
  });

  it.each([
    ["landscape", 4032, 3024, undefined],
    ["portrait", 3024, 4032, undefined],
    ["panorama", 4643, 101, undefined],
    ["odd proportions", 3046, 2021, undefined],
    ["smaller than medium", 500, 300, undefined],
    ["stored sideways (EXIF orientation 6)", 1200, 900, 6],
  ])(
    "agrees with the thumbnail function's render of a %s JPEG: longest edge exact, the other within 1 px",
    async (_, width, height, orientation) => {
      // Act
      const { facts, thumbnails } = await renderThumbnails(await jpeg(width, height, orientation), options);

      // Assess
      for (const rendered of thumbnails) {
        const maxDimension = sizes.find((size) => size.name === rendered.size)?.maxDimension ?? 0;
        const told = thumbnailPixelSize(facts, maxDimension);
        expect(Math.max(told.width, told.height)).toBe(Math.max(rendered.width, rendered.height));
        expect(Math.abs(told.width - rendered.width)).toBeLessThanOrEqual(1);
        expect(Math.abs(told.height - rendered.height)).toBeLessThanOrEqual(1);
      }
      expect(thumbnails).toHaveLength(2);
    },
  );
});
