import type { PhotoDetail as Photo } from "@shoebox/schemas";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { DeletePhoto } from "./delete-photo.tsx";

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : "unknown");

/**
 * One photo: its status, what the thumbnail function learned, every thumbnail size, the original
 * to download, and deleting it (`onDeleted` once it is gone).
 */
export const PhotoDetail = ({
  api,
  photoId,
  onDeleted,
}: {
  api: Api;
  photoId: string;
  onDeleted: (name: string) => void;
}) => {
  const [photo, setPhoto] = useState<Photo | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.getPhoto(photoId).then(setPhoto, (caught: Error) => setError(caught.message));
  }, [api, photoId]);

  // Smallest first; the largest is the one shown.
  const sizes = Object.entries(photo?.thumbnails ?? {}).sort(([, a], [, b]) => a.width - b.width);
  const largest = sizes.at(-1)?.[1].url;
  const name = photo?.originalName ?? photoId;
  return (
    <section class="detail" aria-labelledby="detail-heading">
      <p>
        <a href="#/">← Back to all photos</a>
      </p>
      <h2 id="detail-heading">{name}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {photo && (
        <>
          {largest && <img class="detail-image" src={largest} alt={name} />}
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              {photo.status}
              {photo.failureReason && `: ${photo.failureReason}`}
            </dd>
            <dt>Uploaded</dt>
            <dd>{when(photo.createdAt)}</dd>
            <dt>Taken</dt>
            <dd>{when(photo.image?.capturedAt)}</dd>
            {photo.image && (
              <>
                <dt>Size</dt>
                <dd>
                  {photo.image.width} × {photo.image.height} px, {photo.image.format},{" "}
                  {(photo.image.bytes / 1024).toFixed(0)} KB
                </dd>
              </>
            )}
            <dt>Thumbnails</dt>
            <dd>
              {sizes.length === 0
                ? "none yet"
                : sizes.map(([size, thumbnail]) => (
                    <a key={size} href={thumbnail.url} class="size-link">
                      {size} ({thumbnail.width} × {thumbnail.height} px)
                    </a>
                  ))}
            </dd>
          </dl>
          <div class="photo-actions">
            {photo.originalUrl ? (
              // Cross-origin, so the file's name comes from the URL's Content-Disposition, not `download`.
              <a class="button secondary" href={photo.originalUrl}>
                Download original
              </a>
            ) : (
              <p class="hint">
                {photo.status === "PENDING"
                  ? "The original can be downloaded once the photo is processed."
                  : "There is no original to download: its upload never arrived."}
              </p>
            )}
            <DeletePhoto api={api} photo={photo} name={name} onDeleted={() => onDeleted(name)} />
          </div>
        </>
      )}
    </section>
  );
};
