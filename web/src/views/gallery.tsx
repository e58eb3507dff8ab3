import type { PhotoView } from "@shoebox/schemas";
import { thumbnailSources } from "../photos/thumbnail-sources.ts";
import type { usePhotoFeed } from "../photos/use-photo-feed.ts";

type Feed = ReturnType<typeof usePhotoFeed>;

const Tile = ({ photo }: { photo: PhotoView }) => {
  const name = photo.originalName ?? photo.photoId;
  const sources = photo.status === "PROCESSED" ? thumbnailSources(photo.thumbnails) : undefined;
  return (
    <li
      class={`tile tile-${photo.status.toLowerCase()}`}
      data-photo-id={photo.photoId}
      data-status={photo.status}
    >
      <a href={`#/photos/${encodeURIComponent(photo.photoId)}`} aria-label={`${name}: details`}>
        {sources ? (
          <img
            src={sources.src}
            srcset={sources.srcset}
            sizes="(max-width: 600px) 45vw, 180px"
            alt={name}
            loading="lazy"
            decoding="async"
          />
        ) : (
          <span class="tile-placeholder" aria-hidden="true">
            {photo.status === "PENDING" ? "…" : "!"}
          </span>
        )}
      </a>
      <p class="tile-caption">
        <span class="tile-name">{name}</span>
        {photo.status === "PENDING" && <span class="tile-status">Processing</span>}
        {photo.status === "FAILED" && (
          <span class="tile-failure" role="status">
            Could not be processed: {photo.failureReason ?? photo.failureCode ?? "no reason given"}
          </span>
        )}
      </p>
    </li>
  );
};

/** The person's photos, newest first, turning from PENDING to thumbnail or failure as they settle. */
export const Gallery = ({ feed }: { feed: Feed }) => (
  <section class="gallery" aria-labelledby="gallery-heading" aria-busy={feed.loading}>
    <h2 id="gallery-heading">Your photos</h2>
    {feed.error && (
      <p class="error" role="alert">
        {feed.error}
      </p>
    )}
    {!feed.loading && feed.photos.length === 0 && !feed.error && (
      <p class="empty">Nothing here yet: upload some photos above.</p>
    )}
    <ul class="tiles">
      {feed.photos.map((photo) => (
        <Tile key={photo.photoId} photo={photo} />
      ))}
    </ul>
    {feed.hasMore && (
      <button type="button" onClick={() => void feed.loadMore()} disabled={feed.loading}>
        Show older photos
      </button>
    )}
  </section>
);
