import type { PhotoView } from "@shoebox/schemas";
import { useRef, useState } from "preact/hooks";
import { type Api, ApiError } from "../api.ts";
import { hrefOf } from "../routes.ts";

/**
 * Deleting one photo, after a confirmation. A modal <dialog> rather than confirm(): it keeps focus
 * inside, closes on Escape, names its consequences, and starts on "Keep it" so a stray Enter
 * deletes nothing.
 */
export const DeletePhoto = ({
  api,
  photo,
  name,
  onDeleted,
}: {
  api: Api;
  photo: PhotoView;
  name: string;
  onDeleted: () => void;
}) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | Error | undefined>();

  const remove = async () => {
    dialog.current?.close();
    setBusy(true);
    setRefusal(undefined);
    try {
      await api.deletePhoto(photo.photoId);
      onDeleted();
    } catch (caught) {
      setRefusal(caught as Error);
      setBusy(false);
    }
  };
  // A receipt is refused while its workflow runs, which for most is a review waiting for its owner.
  const reviewMayHoldIt = photo.kind === "receipt" && refusal instanceof ApiError && refusal.status === 409;

  return (
    <>
      <button type="button" class="danger" disabled={busy} onClick={() => dialog.current?.showModal()}>
        {busy ? "Deleting…" : "Delete photo"}
      </button>
      {refusal && (
        <div class="error" role="alert">
          <p>
            Could not delete {name}: {refusal.message}.
          </p>
          {reviewMayHoldIt && (
            <p>
              If it waits for your review, decide it in the{" "}
              <a href={hrefOf({ page: "reviews" })}>review queue</a> first.
            </p>
          )}
        </div>
      )}
      <dialog ref={dialog} class="confirm" aria-labelledby="delete-heading" aria-describedby="delete-what">
        <h3 id="delete-heading">Delete {name}?</h3>
        <p id="delete-what">
          The original and its thumbnails go for good, and links to them stop working.
          {photo.kind === "receipt" && " The receipt's record (and its row in your database) stays."}
        </p>
        <div class="dialog-buttons">
          <button type="button" class="secondary" autofocus onClick={() => dialog.current?.close()}>
            Keep it
          </button>
          <button type="button" class="danger" onClick={() => void remove()}>
            Delete
          </button>
        </div>
      </dialog>
    </>
  );
};
