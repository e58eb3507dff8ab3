import type {
  CheckedReceiptField,
  ReviewDecisionRequest,
  ReviewDetail,
  ReviewStatus,
} from "@shoebox/schemas";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { decisionOf, type FieldInputs, inputsOf, REVIEW_FIELDS } from "../reviews/review-form.ts";
import { hrefOf } from "../routes.ts";
import { fieldsLine } from "./reviews.tsx";

const LABELS: Record<CheckedReceiptField, string> = {
  merchant: "Merchant",
  date: "Date",
  total: "Total",
  currency: "Currency (ISO code, e.g. EUR)",
};

/** What a decided (or ended) review means now, for the person who just decided it. */
const OUTCOME: Record<Exclude<ReviewStatus, "PENDING">, string> = {
  APPROVED: "Approved: the receipt goes on to be stored with these fields; it shows under Receipts.",
  CORRECTED: "Corrected and approved: the receipt goes on to be stored with your fields.",
  REJECTED: "Rejected: the receipt will not reach your database.",
  EXPIRED: "This review ended before a decision arrived: its deadline passed.",
};

/** What the reader made of a field, to compare with the image: "Read as 24.89 (62 % sure)". */
const readingOf = (review: ReviewDetail, field: CheckedReceiptField): string => {
  const read = review.reading?.[field];
  return read ? `Read as ${read.value} (${Math.round(read.confidence * 100)} % sure)` : "Not read";
};

const FieldInput = ({
  review,
  field,
  value,
  onInput,
}: {
  review: ReviewDetail;
  field: CheckedReceiptField;
  value: string;
  onInput: (value: string) => void;
}) => {
  const flagged = review.reasons.some((reason) => reason.field === field);
  return (
    <div class={`field${flagged ? " flagged" : ""}`}>
      <label for={`field-${field}`}>
        {LABELS[field]}
        {flagged && " (check this)"}
      </label>
      <input
        id={`field-${field}`}
        type={field === "date" ? "date" : "text"}
        inputMode={field === "total" ? "decimal" : undefined}
        maxLength={field === "currency" ? 3 : undefined}
        value={value}
        aria-describedby={`read-${field}`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <span id={`read-${field}`} class="hint">
        {readingOf(review, field)}
      </span>
    </div>
  );
};

/** One review: the receipt's image beside the fields it would be stored with; approve, correct or reject. */
export const ReviewDetailPage = ({ api, reviewId }: { api: Api; reviewId: string }) => {
  const [review, setReview] = useState<ReviewDetail | undefined>();
  const [inputs, setInputs] = useState<FieldInputs | undefined>();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const outcome = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    api.getReview(reviewId).then(
      (loaded) => {
        setReview(loaded);
        setInputs(inputsOf(loaded.fields));
      },
      (caught: Error) => setError(caught.message),
    );
  }, [api, reviewId]);
  const decided = review && review.status !== "PENDING";
  useEffect(() => {
    if (decided) outcome.current?.focus();
  }, [decided]);

  const send = async (decision: ReviewDecisionRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      setReview(await api.decideReview(reviewId, decision));
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const planned = review && inputs ? decisionOf(inputs, review.fields) : undefined;
  const approve = (event: Event) => {
    event.preventDefault();
    if (!planned) return;
    if ("problems" in planned) setProblems(planned.problems);
    else {
      setProblems([]);
      void send(planned.decision);
    }
  };
  const reject = (event: Event) => {
    event.preventDefault();
    void send({ action: "reject", reason: reason.trim() });
  };

  return (
    <section class="review-detail" aria-labelledby="review-heading">
      <p>
        <a href={hrefOf({ page: "reviews" })}>← Back to the review queue</a>
      </p>
      <h2 id="review-heading">Review: {review ? fieldsLine(review.fields) : "loading…"}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {review && inputs && (
        <div class="review-layout">
          <figure class="review-image">
            <img src={review.imageUrl} alt="The receipt as it was uploaded" />
            <figcaption>
              <a href={review.imageUrl} target="_blank" rel="noopener noreferrer">
                Open the image full size
              </a>
            </figcaption>
          </figure>
          <div class="review-fields">
            <h3>Why it waits</h3>
            <ul class="reasons">
              {review.reasons.map((item) => (
                <li key={`${item.code}-${item.field ?? ""}`}>{item.message}</li>
              ))}
            </ul>
            {decided ? (
              <>
                <p class="outcome" role="status" tabIndex={-1} ref={outcome}>
                  {OUTCOME[review.status as Exclude<ReviewStatus, "PENDING">]}
                </p>
                <p>
                  <a href={hrefOf({ page: "reviews" })}>Next review</a> ·{" "}
                  <a href={hrefOf({ page: "receipts" })}>Your receipts</a>
                </p>
              </>
            ) : (
              <>
                <form onSubmit={approve} aria-labelledby="approve-heading">
                  <h3 id="approve-heading">What the receipt says</h3>
                  <p class="hint">Correct what differs from the image, then approve.</p>
                  {REVIEW_FIELDS.map((field) => (
                    <FieldInput
                      key={field}
                      review={review}
                      field={field}
                      value={inputs[field]}
                      onInput={(value) => setInputs({ ...inputs, [field]: value })}
                    />
                  ))}
                  {problems.length > 0 && (
                    <ul class="error" role="alert" aria-label="Fix these first">
                      {problems.map((problem) => (
                        <li key={problem}>{problem}</li>
                      ))}
                    </ul>
                  )}
                  <button type="submit" disabled={busy}>
                    {planned && "decision" in planned && planned.decision.action === "correct"
                      ? "Approve with corrections"
                      : "Approve"}
                  </button>
                </form>
                <form onSubmit={reject} class="reject" aria-labelledby="reject-heading">
                  <h3 id="reject-heading">Or reject it</h3>
                  <label for="reject-reason">Why (kept with the receipt)</label>
                  <textarea
                    id="reject-reason"
                    required
                    maxLength={500}
                    value={reason}
                    onInput={(event) => setReason(event.currentTarget.value)}
                  />
                  <button type="submit" class="danger" disabled={busy}>
                    Reject
                  </button>
                </form>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
};
