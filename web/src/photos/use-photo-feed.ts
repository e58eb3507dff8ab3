import type { PhotoView } from "@shoebox/schemas";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { mergePhotos } from "./merge-photos.ts";

/** How often PENDING photos are asked about again. */
export const POLL_EVERY_MS = 2000;
/** Photos asked about per round: the most recent pending ones, which are the ones being watched. */
const POLL_AT_MOST = 8;
const PAGE_SIZE = 24;

/**
 * The signed-in person's photos, newest first, a page at a time (nextToken), with every PENDING
 * one asked about again until it is PROCESSED or FAILED, so the gallery turns without a reload.
 */
export const usePhotoFeed = (api: Api) => {
  const [photos, setPhotos] = useState<PhotoView[]>([]);
  const [nextToken, setNextToken] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    /** `paging`: this read moves the paging on; a refresh of page one (new uploads) does not. */
    async (token: string | undefined, paging: boolean) => {
      setLoading(true);
      try {
        const page = await api.listPhotos({ nextToken: token, limit: PAGE_SIZE });
        setPhotos((known) => mergePhotos(known, page.photos));
        if (paging) setNextToken(page.nextToken);
        setError(undefined);
      } catch (caught) {
        setError((caught as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void load(undefined, true);
  }, [load]);

  const pendingIds = photos.filter((photo) => photo.status === "PENDING").map((photo) => photo.photoId);
  const pendingKey = pendingIds.slice(0, POLL_AT_MOST).join(",");
  useEffect(() => {
    if (!pendingKey) return;
    const timer = setTimeout(async () => {
      const fresh = await Promise.all(
        pendingKey.split(",").map((id) => api.getPhoto(id).catch(() => undefined)),
      );
      setPhotos((known) =>
        mergePhotos(
          known,
          fresh.filter((photo) => photo !== undefined),
        ),
      );
    }, POLL_EVERY_MS);
    return () => clearTimeout(timer);
    // photos: a round that changed nothing still schedules the next one.
  }, [api, pendingKey, photos]);

  return {
    photos,
    loading,
    error,
    hasMore: nextToken !== undefined,
    loadMore: () => load(nextToken, true),
    refresh: () => load(undefined, false),
    /** A photo deleted here: out of the gallery at once, without reading the pages again. */
    forget: (photoId: string) => setPhotos((known) => known.filter((photo) => photo.photoId !== photoId)),
  };
};
