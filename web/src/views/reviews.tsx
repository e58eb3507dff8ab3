import type { ReviewSummary } from "@shoebox/schemas";
import { useCallback } from "preact/hooks";
import type { Api } from "../api.ts";
import { hrefOf } from "../routes.ts";
import { usePages } from "../use-pages.ts";

const PAGE_SIZE = 25;

/** The fields as they would be stored, in one line: "Corner Bakery · 2025-03-14 · 5.5 EUR". */
export const fieldsLine = (fields: ReviewSummary["fields"]): string =>
  [fields.merchant, fields.date, fields.total !== undefined && `${fields.total} ${fields.currency ?? ""}`]
    .filter(Boolean)
    .join(" · ") || "nothing was read";

const Review = ({ review }: { review: ReviewSummary }) => (
  <li class="review" data-review-id={review.reviewId}>
    <a href={hrefOf({ page: "review", reviewId: review.reviewId })}>
      <strong>{fieldsLine(review.fields)}</strong>
    </a>
    <ul class="reasons" aria-label="Why it waits">
      {review.reasons.map((reason) => (
        <li key={`${reason.code}-${reason.field ?? ""}`}>{reason.message}</li>
      ))}
    </ul>
    <p class="deadline">
      Decide by {new Date(review.deadlineAt).toLocaleString()}
      {review.round === 2 && " (second round: it was escalated)"}
    </p>
  </li>
);

/** The receipts waiting for the person's decision, oldest first. */
export const Reviews = ({ api }: { api: Api }) => {
  const readPage = useCallback(
    async (nextToken: string | undefined) => {
      const page = await api.listReviews({ nextToken, limit: PAGE_SIZE });
      return { items: page.reviews, next: page.nextToken };
    },
    [api],
  );
  const reviews = usePages(readPage);
  return (
    <section class="reviews" aria-labelledby="reviews-heading" aria-busy={reviews.loading}>
      <h2 id="reviews-heading">Waiting for your review</h2>
      <p>
        shoebox was unsure of these receipts. Open one to see its image beside what was read, then approve,
        correct or reject it.{" "}
        <button
          type="button"
          class="secondary"
          onClick={() => void reviews.reload()}
          disabled={reviews.loading}
        >
          Refresh
        </button>
      </p>
      {reviews.error && (
        <p class="error" role="alert">
          {reviews.error}
        </p>
      )}
      {!reviews.loading && reviews.items.length === 0 && !reviews.error && !reviews.hasMore && (
        <p class="empty">Nothing to review: every receipt was read with confidence.</p>
      )}
      <ul class="review-list">
        {reviews.items.map((review) => (
          <Review key={review.reviewId} review={review} />
        ))}
      </ul>
      {reviews.hasMore && (
        <button type="button" onClick={() => void reviews.loadMore()} disabled={reviews.loading}>
          Show more reviews
        </button>
      )}
    </section>
  );
};
