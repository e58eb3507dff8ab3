import { useState } from "preact/hooks";
import type { UploadEntry } from "../upload/upload-queue.ts";

/** Rows are one fixed height, so the list can draw only what is in view (500 files stay fast). */
const ROW_PX = 52;
const VIEW_ROWS = 8;
/** Rows drawn beyond each edge of the view, so fast scrolling shows no gaps. */
const OVERSCAN = 4;

const STATE_LABEL: Record<UploadEntry["state"], string> = {
  waiting: "Waiting",
  uploading: "Uploading",
  done: "Uploaded",
  failed: "Failed",
  refused: "Refused",
};

const Row = ({ entry, total }: { entry: UploadEntry; total: number }) => {
  const percent = entry.file.size ? Math.round((100 * entry.loadedBytes) / entry.file.size) : 0;
  return (
    <li
      class={`upload-row upload-${entry.state}`}
      style={{ top: `${entry.index * ROW_PX}px`, height: `${ROW_PX}px` }}
      aria-setsize={total}
      aria-posinset={entry.index + 1}
    >
      <span class="upload-name" title={entry.file.name}>
        {entry.file.name}
      </span>
      <span class="upload-state">{STATE_LABEL[entry.state]}</span>
      {entry.state === "refused" || entry.state === "failed" || entry.reason ? (
        <span class="upload-reason">{entry.reason}</span>
      ) : (
        <progress
          max={100}
          value={entry.state === "done" ? 100 : percent}
          aria-label={`${entry.file.name} sent`}
        >
          {percent}%
        </progress>
      )}
    </li>
  );
};

/** One row per file of the set, windowed; re-rendered by the uploader as progress arrives. */
export const UploadList = ({ entries }: { entries: readonly UploadEntry[] }) => {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(entries.length, first + VIEW_ROWS + 2 * OVERSCAN);
  return (
    <section
      class="upload-list"
      style={{ maxHeight: `${VIEW_ROWS * ROW_PX}px` }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll.
      tabIndex={0}
      aria-label="Files in this upload"
    >
      <ul style={{ height: `${entries.length * ROW_PX}px` }}>
        {entries.slice(first, last).map((entry) => (
          <Row key={entry.index} entry={entry} total={entries.length} />
        ))}
      </ul>
    </section>
  );
};
