import { MAX_EXPORT_DAYS, ReceiptExportQuerySchema } from "@shoebox/schemas";
import { useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { saveFile } from "../download.ts";

/** YYYY-MM-DD of a day in the person's own time zone (toISOString would give UTC's). */
const isoDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** The receipts dated within a range, as a CSV file the browser saves. */
export const Export = ({ api }: { api: Api }) => {
  const today = new Date();
  const [from, setFrom] = useState(() => isoDay(new Date(today.getFullYear(), 0, 1)));
  const [to, setTo] = useState(() => isoDay(today));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(undefined);
    // The API's own rules (both dates, from before to, at most a year), checked before asking.
    const range = ReceiptExportQuerySchema.safeParse({ from, to });
    if (!range.success) {
      setError(range.error.issues.map((issue) => issue.message).join("; "));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const exported = await api.exportReceipts(range.data);
      // The API names the file; a gateway that does not expose Content-Disposition hides it.
      const filename = exported.filename ?? `receipts-${range.data.from}-${range.data.to}.csv`;
      saveFile(exported.file, filename);
      setSaved(filename);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="export" aria-labelledby="export-heading">
      <h2 id="export-heading">Export receipts as CSV</h2>
      <p>
        Every receipt dated within the range (both days included, at most {MAX_EXPORT_DAYS} days), oldest
        first, one row each: a file for a spreadsheet or your accounts.
      </p>
      <form onSubmit={submit} class="date-range">
        <div class="field">
          <label for="export-from">From</label>
          <input
            id="export-from"
            type="date"
            required
            value={from}
            onInput={(event) => setFrom(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="export-to">To</label>
          <input
            id="export-to"
            type="date"
            required
            value={to}
            onInput={(event) => setTo(event.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Preparing…" : "Download CSV"}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p role="status">
          Saved as <strong>{saved}</strong>: look in your downloads.
        </p>
      )}
    </section>
  );
};
