import type { UploadKind } from "@shoebox/schemas";
import { useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { hrefOf } from "../routes.ts";
import { droppedFiles, pickedFiles } from "../upload/picked-files.ts";
import { postToS3 } from "../upload/presigned-post.ts";
import { isZip, newEntries, setProgress, type UploadEntry, uploadEntries } from "../upload/upload-queue.ts";
import { useFrameRender } from "../use-frame-render.ts";
import { BatchStatus } from "./batch-status.tsx";
import { UploadList } from "./upload-list.tsx";

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The batch a set went into, and what it holds (a zip is receipts whatever was chosen). */
interface SentBatch {
  batchId: string;
  kind: UploadKind;
}

/**
 * Pick or drop files, a folder or a zip; see each file and the whole set go up, why any was
 * refused, then the batch they went into as it is processed.
 */
export const Uploader = ({ api, onAccepted }: { api: Api; onAccepted: () => void }) => {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [kind, setKind] = useState<UploadKind>("photo");
  const [running, setRunning] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [batch, setBatch] = useState<SentBatch | undefined>();
  const changed = useFrameRender();

  const start = async (files: File[]) => {
    if (files.length === 0 || running) return;
    const set = newEntries(files);
    setEntries(set);
    setBatch(undefined);
    setRunning(true);
    let told = false;
    const batchKind: UploadKind = files.some(isZip) ? "receipt" : kind;
    await uploadEntries(set, kind, {
      // The batch is followed from the first answer on, while the files are still going up.
      requestUploads: async (request) => {
        const response = await api.requestUploads(request);
        setBatch({ batchId: response.batchId, kind: batchKind });
        return response;
      },
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

  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    void start(pickedFiles(input.files ?? []));
    input.value = "";
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
          if (event.dataTransfer) void droppedFiles(event.dataTransfer).then(start);
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
          onChange={pick}
        />
        <label for="folder-picker" class="button secondary">
          Choose a folder
        </label>
        <input
          id="folder-picker"
          class="visually-hidden"
          type="file"
          disabled={running}
          // Not in Preact's types; every current browser reads the attribute.
          ref={(input) => {
            if (input) input.webkitdirectory = true;
          }}
          onChange={pick}
        />
        <span>or drop files, a folder or a zip here</span>
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
      {batch && (
        <div class="upload-batch">
          <BatchStatus key={batch.batchId} api={api} batchId={batch.batchId} kind={batch.kind} heading="h3" />
          <p>
            <a href={hrefOf({ page: "batch", ...batch })}>Follow this batch on its own page</a>
          </p>
        </div>
      )}
    </section>
  );
};
