import type { ReceiptHints, ReviewListResponse } from "@shoebox/schemas";

/*
 * Since issue 15 a receipt the reader is unsure of (a hint it reads otherwise, a low
 * confidence) waits for its owner instead of reaching an outcome: in a peak run about 1 in 50
 * of the synthetic receipts, whose OCR misreads a merchant or a total. Left alone they would
 * count as lost. The owner answers them here as a person would, through the review API, with
 * what is printed on the receipt (the plan's hints), so each ends with the plan's outcome.
 */

export interface ReviewAnswererOptions {
  apiUrl: string;
  /** Bearer token of the owner of the batch. */
  token: string;
  /** What is printed on the receipt of a photo, when it is one of the run's. */
  printedOn: (photoId: string) => ReceiptHints | undefined;
}

/**
 * Lists the owner's pending reviews (GET /reviews, every page) and corrects each one of the
 * run's, once, with what is printed on it (POST /reviews/{id}). `answered` counts the reviews
 * decided: by this answer, or already (409).
 *
 * @example
 * const reviews = reviewAnswerer({ apiUrl, token, printedOn: (photoId) => hintsByPhoto.get(photoId) });
 * await reviews.answerPending(); // every few seconds while the run goes on
 */
export const reviewAnswerer = (options: ReviewAnswererOptions) => {
  const headers = { authorization: `Bearer ${options.token}`, "content-type": "application/json" };
  const answered = new Set<string>();
  const answerPending = async (): Promise<void> => {
    let nextToken: string | undefined;
    do {
      const query = new URLSearchParams({ limit: "100", ...(nextToken ? { nextToken } : {}) });
      const response = await fetch(`${options.apiUrl}/reviews?${query}`, { headers });
      if (!response.ok) {
        await response.arrayBuffer();
        return;
      }
      const page = (await response.json()) as ReviewListResponse;
      for (const review of page.reviews) {
        const printed = options.printedOn(review.photoId);
        if (!printed || answered.has(review.reviewId)) continue;
        const decision = await fetch(`${options.apiUrl}/reviews/${review.reviewId}`, {
          method: "POST",
          headers,
          body: JSON.stringify({ action: "correct", fields: printed }),
        });
        await decision.arrayBuffer();
        // 409: decided already (an answer of ours the list did not show as decided yet).
        if (decision.ok || decision.status === 409) answered.add(review.reviewId);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  };
  return {
    answerPending,
    get answered(): number {
      return answered.size;
    },
  };
};
