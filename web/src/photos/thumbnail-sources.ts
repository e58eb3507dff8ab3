import type { PhotoView } from "@shoebox/schemas";

/**
 * The img attributes for a photo's thumbnails: the smallest as src, and a srcset when the site
 * config knows each size's width (the API names sizes but does not give their widths).
 */
export const thumbnailSources = (
  thumbnails: PhotoView["thumbnails"],
  widths: Record<string, number> | undefined,
): { src: string; srcset?: string } | undefined => {
  const sized = Object.entries(thumbnails)
    .map(([name, url]) => ({ url, width: widths?.[name] }))
    .sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
  const smallest = sized[0];
  if (!smallest) return undefined;
  const known = sized.filter((size): size is { url: string; width: number } => size.width !== undefined);
  if (known.length < 2) return { src: smallest.url };
  return { src: smallest.url, srcset: known.map((size) => `${size.url} ${size.width}w`).join(", ") };
};
