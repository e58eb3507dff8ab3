import type { ReceiptView } from "@shoebox/schemas";
import { useCallback } from "preact/hooks";
import type { Api } from "../api.ts";
import { RECEIPT_STATUS, receiptTotal } from "../receipts/receipt-status.ts";
import { hrefOf } from "../routes.ts";
import { usePages } from "../use-pages.ts";

const PAGE_SIZE = 25;

const day = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : undefined);

/** What the person decided in review, in a sentence. */
const reviewLine = (review: NonNullable<ReceiptView["review"]>): string => {
  const { decision } = review;
  const when = day(decision.decidedAt);
  if (decision.action === "approve") return `Approved by you on ${when}.`;
  if (decision.action === "reject") return `Rejected by you on ${when}: ${decision.reason ?? ""}`;
  const changed = Object.keys(decision.after).join(", ");
  return `Corrected by you on ${when} (${changed}).`;
};

const Receipt = ({ receipt }: { receipt: ReceiptView }) => {
  const status = RECEIPT_STATUS[receipt.status];
  // A receipt in review keeps its fields on the review until it is decided.
  const waiting = receipt.status === "IN_REVIEW";
  const headingId = `receipt-${receipt.photoId}`;
  return (
    <li class="receipt" data-photo-id={receipt.photoId} data-status={receipt.status}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>
          {receipt.merchant ?? (waiting ? "A receipt waiting for review" : "Merchant not read")}
        </h3>
        <p class={`receipt-status status-${receipt.status.toLowerCase()}`}>
          <strong>{status.label}</strong>: {status.meaning}
        </p>
        {waiting ? (
          <p>What was read is shown in its review.</p>
        ) : (
          <dl class="facts">
            <dt>Date</dt>
            <dd>{receipt.date ?? "not read"}</dd>
            <dt>Total</dt>
            <dd>{receiptTotal(receipt) ?? "not read"}</dd>
            {receipt.category && (
              <>
                <dt>Category</dt>
                <dd>{receipt.category}</dd>
              </>
            )}
            {receipt.storedAt && (
              <>
                <dt>Stored</dt>
                <dd>{day(receipt.storedAt)}</dd>
              </>
            )}
          </dl>
        )}
        {receipt.review && <p>{reviewLine(receipt.review)}</p>}
        {receipt.rejection && <p>Why it was rejected: {receipt.rejection}</p>}
        {receipt.failureError && <p class="error">Error: {receipt.failureError}</p>}
        {(receipt.problems?.length ?? 0) > 0 && (
          <ul class="problems" aria-label="Problems">
            {receipt.problems?.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        {(receipt.findings?.length ?? 0) > 0 && (
          <ul class="findings" aria-label="Worth a look">
            {receipt.findings?.map((finding) => (
              <li key={`${finding.field}-${finding.code}`}>{finding.message}</li>
            ))}
          </ul>
        )}
        <p class="receipt-links">
          {receipt.status === "IN_REVIEW" && (
            <a href={hrefOf({ page: "review", reviewId: receipt.photoId })}>Review it</a>
          )}
          <a href={hrefOf({ page: "photo", photoId: receipt.photoId })}>The image</a>
        </p>
      </article>
    </li>
  );
};

/** The person's receipts, newest upload first, with what was read and how far each got. */
export const Receipts = ({ api }: { api: Api }) => {
  const readPage = useCallback(
    async (cursor: string | undefined) => {
      const page = await api.listReceipts({ cursor, limit: PAGE_SIZE });
      return { items: page.receipts, next: page.nextCursor };
    },
    [api],
  );
  const receipts = usePages(readPage);
  return (
    <section class="receipts" aria-labelledby="receipts-heading" aria-busy={receipts.loading}>
      <h2 id="receipts-heading">Your receipts</h2>
      <p class="toolbar">
        <button
          type="button"
          class="secondary"
          onClick={() => void receipts.reload()}
          disabled={receipts.loading}
        >
          Refresh
        </button>
        <a href={hrefOf({ page: "export" })}>Export a date range as CSV</a>
      </p>
      {receipts.error && (
        <p class="error" role="alert">
          {receipts.error}
        </p>
      )}
      {!receipts.loading && receipts.items.length === 0 && !receipts.error && (
        <p class="empty">
          No receipts yet: upload photos, PDFs or a zip of receipts on the{" "}
          <a href={hrefOf({ page: "photos" })}>Photos</a> page, marked as receipts.
        </p>
      )}
      <ul class="receipt-list">
        {receipts.items.map((receipt) => (
          <Receipt key={receipt.photoId} receipt={receipt} />
        ))}
      </ul>
      {receipts.hasMore && (
        <button type="button" onClick={() => void receipts.loadMore()} disabled={receipts.loading}>
          Show more receipts
        </button>
      )}
    </section>
  );
};
