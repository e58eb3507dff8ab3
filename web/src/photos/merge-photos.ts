import type { PhotoView } from "@shoebox/schemas";

/** Newest first, as GET /photos pages them; ties (one upload request) by id for a stable order. */
const newestFirst = (a: PhotoView, b: PhotoView): number =>
  b.createdAt.localeCompare(a.createdAt) || b.photoId.localeCompare(a.photoId);

/** The known photos with fresher copies of some of them and any new ones, newest first. */
export const mergePhotos = (known: readonly PhotoView[], fresh: readonly PhotoView[]): PhotoView[] => {
  const byId = new Map(known.map((photo) => [photo.photoId, photo]));
  for (const photo of fresh) byId.set(photo.photoId, photo);
  return [...byId.values()].sort(newestFirst);
};
