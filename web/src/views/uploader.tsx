import type { UploadKind } from "@shoebox/schemas";
import { useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { postToS3 } from "../upload/presigned-post.ts";
import { newEntries, setProgress, type UploadEntry, uploadEntries } from "../upload/upload-queue.ts";
import { useFrameRender } from "../use-frame-render.ts";
import { UploadList } from "./upload-list.tsx";

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Pick or drop files, see each one and the whole set go up, and why any was refused. */
export const Uploader = ({ api, onAccepted }: { api: Api; onAccepted: () => void }) => {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [kind, setKind] = useState<UploadKind>("photo");
  const [running, setRunning] = useState(false);
  const [dragging, setDragging] = useState(false);
  const changed = useFrameRender();

  const start = async (files: File[]) => {
    if (files.length === 0 || running) return;
    const set = newEntries(files);
    setEntries(set);
    setRunning(true);
    let told = false;
    await uploadEntries(set, kind, {
      requestUploads: api.requestUploads,
      post: postToS3,
      onChange: () => {
        // The API wrote the PENDING items as it accepted the files: the gallery may show them now.
        if (!told && set.some((entry) => entry.state === "uploading")) {
          told = true;
          onAccepted();
        }
        changed();
      },
    });
    setRunning(false);
    onAccepted();
  };

  const { total, loaded, counts } = setProgress(entries);
  return (
    <section class="uploader" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload</h2>
      <fieldset class="kind" disabled={running}>
        <legend>These files are</legend>
        <label>
          <input type="radio" name="kind" checked={kind === "photo"} onChange={() => setKind("photo")} />{" "}
          photos
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === "receipt"} onChange={() => setKind("receipt")} />{" "}
          receipts (images, PDFs or a zip of them)
        </label>
      </fieldset>
      <fieldset
        class={`drop-zone${dragging ? " dragging" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void start([...(event.dataTransfer?.files ?? [])]);
        }}
      >
        <legend class="visually-hidden">Files to upload</legend>
        <label for="file-picker" class="button">
          Choose files
        </label>
        <input
          id="file-picker"
          class="visually-hidden"
          type="file"
          multiple
          disabled={running}
          onChange={(event) => {
            const input = event.currentTarget;
            void start([...(input.files ?? [])]);
            input.value = "";
          }}
        />
        <span>or drop them here</span>
      </fieldset>
      {entries.length > 0 && (
        <div class="upload-set">
          <progress max={total || 1} value={loaded} aria-label="Whole upload sent" />
          <p aria-live="polite" class="upload-summary">
            {counts.done} of {entries.length - counts.refused} uploaded ({megabytes(loaded)} of{" "}
            {megabytes(total)}){counts.refused > 0 && `, ${counts.refused} refused`}
            {counts.failed > 0 && `, ${counts.failed} failed`}
            {running ? "…" : "."}
          </p>
          <UploadList entries={entries} />
        </div>
      )}
    </section>
  );
};
