import type { ImageFacts } from "@shoebox/schemas";

export interface PixelSize {
  width: number;
  height: number;
}

/**
 * A thumbnail's size in pixels, from the original's (as displayed) and the size's longest edge:
 * the thumbnail function fits the image inside that square and never enlarges it. The longest
 * edge is exact; the other may be 1 px off, because JPEG shrink-on-load and the second resize of
 * the smaller sizes round it either way (measured against sharp: 13 of 126 random sizes). That is
 * well within what `srcset` needs. A PDF's facts are its first page's, in points: its thumbnail,
 * made from the page's scan, has the page's proportions.
 *
 * @example
 * thumbnailPixelSize({ width: 4032, height: 3024 }, 640); // { width: 640, height: 480 }
 */
export const thumbnailPixelSize = (
  original: Pick<ImageFacts, "width" | "height">,
  maxDimension: number,
): PixelSize => {
  const longest = Math.max(original.width, original.height);
  if (longest <= maxDimension) return { width: original.width, height: original.height };
  const scaled = (edge: number) => Math.max(1, Math.round((edge * maxDimension) / longest));
  return { width: scaled(original.width), height: scaled(original.height) };
};
