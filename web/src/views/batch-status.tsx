import type { ArchiveView, BatchView, UploadKind } from "@shoebox/schemas";
import type { Api } from "../api.ts";
import type { BatchProgress } from "../batches/batch-progress.ts";
import { useBatch } from "../batches/use-batch.ts";
import { hrefOf } from "../routes.ts";

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One sentence for where the batch is, which screen readers hear as it changes. */
const stateOf = (batch: BatchView, progress: BatchProgress): string => {
  if (progress.complete) return "Complete: every upload in this batch has an outcome.";
  if (batch.archive?.status === "PROCESSING")
    return `Opening the zip: ${plural(batch.archive.accepted, "image")} taken out so far…`;
  if (progress.waitingForArchive) return "Waiting for the zip to arrive and be opened…";
  if (progress.imagesSettled < progress.expected)
    return `Processing: ${progress.imagesSettled} of ${plural(progress.expected, "upload")} done…`;
  return `Reading receipts: ${progress.receiptsSettled} of ${progress.expected} have an outcome…`;
};

const Count = ({ name, label, value }: { name: string; label: string; value: number }) => (
  <div>
    <dt>{label}</dt>
    <dd data-counter={name}>{value}</dd>
  </div>
);

const ArchiveOutcome = ({ archive, heading: Heading }: { archive: ArchiveView; heading: "h3" | "h4" }) => (
  <div class="archive">
    <Heading>The zip</Heading>
    {archive.status === "FAILED" ? (
      <p class="error">
        It could not be opened: {archive.failureReason ?? "no reason given"}. Check that it is a zip of
        receipt images and upload it again.
      </p>
    ) : (
      <p data-archive-summary>
        {plural(archive.entries, "entry", "entries")}: {archive.accepted} taken, {archive.skipped} skipped
        (folders, macOS metadata), {archive.refusedCount} refused.
      </p>
    )}
    {archive.refused.length > 0 && (
      <ul class="refusals" aria-label="Entries refused">
        {archive.refused.map((entry) => (
          <li key={entry.index}>
            <strong>{entry.name}</strong>: {entry.reason} <span class="code">({entry.code})</span>
          </li>
        ))}
      </ul>
    )}
    {archive.refusedCount > archive.refused.length && (
      <p>…and {archive.refusedCount - archive.refused.length} more refused entries not listed.</p>
    )}
  </div>
);

/**
 * One batch's progress, polled until complete: the counters, receipts still open (with the way to
 * the review queue) and, for a zip, each refused entry with its reason. On its own page and
 * under the uploader, with a heading of the level that fits there.
 */
export const BatchStatus = ({
  api,
  batchId,
  kind,
  heading: Heading = "h2",
}: {
  api: Api;
  batchId: string;
  kind?: UploadKind | undefined;
  heading?: "h2" | "h3";
}) => {
  const { batch, progress, error } = useBatch(api, batchId, kind);
  const headingId = `batch-${batchId}`;
  return (
    <section
      class="batch"
      aria-labelledby={headingId}
      aria-busy={!progress?.complete}
      data-complete={progress?.complete ?? false}
    >
      <Heading id={headingId}>
        Batch {batch ? `of ${new Date(batch.createdAt).toLocaleString()}` : batchId}
      </Heading>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {batch && progress && (
        <>
          <p class="batch-state" role="status">
            {stateOf(batch, progress)}
          </p>
          <progress
            max={Math.max(1, progress.expected * (progress.receipts ? 2 : 1))}
            value={progress.imagesSettled + progress.receiptsSettled}
            aria-label="Batch progress"
          />
          <dl class="counts">
            <Count name="expected" label="Expected" value={batch.expected} />
            <Count name="processed" label="Processed" value={batch.processed} />
            <Count name="failed" label="Failed" value={batch.failed} />
            {progress.receipts && (
              <>
                <Count name="stored" label="Stored" value={batch.stored} />
                <Count name="duplicate" label="Duplicates" value={batch.duplicate} />
                <Count name="invalid" label="Invalid" value={batch.invalid} />
                <Count name="rejected" label="Rejected" value={batch.rejected} />
              </>
            )}
          </dl>
          {progress.receiptsOpen > 0 && progress.imagesSettled === progress.expected && (
            <p class="batch-open">
              {plural(progress.receiptsOpen, "receipt is", "receipts are")} still being read or waiting for
              your review: <a href={hrefOf({ page: "reviews" })}>open the review queue</a>.
            </p>
          )}
          {batch.archive && (
            <ArchiveOutcome archive={batch.archive} heading={Heading === "h2" ? "h3" : "h4"} />
          )}
        </>
      )}
    </section>
  );
};
