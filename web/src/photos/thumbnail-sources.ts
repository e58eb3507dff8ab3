import type { PhotoView } from "@shoebox/schemas";

/**
 * The img attributes for a photo's thumbnails: the smallest as src, and a srcset of every size by
 * its real width (the API gives each thumbnail's pixels), so the browser picks what the screen needs.
 */
export const thumbnailSources = (
  thumbnails: PhotoView["thumbnails"],
): { src: string; srcset?: string } | undefined => {
  const sized = Object.values(thumbnails).sort((a, b) => a.width - b.width);
  const smallest = sized[0];
  if (!smallest) return undefined;
  if (sized.length < 2) return { src: smallest.url };
  return { src: smallest.url, srcset: sized.map((size) => `${size.url} ${size.width}w`).join(", ") };
};
