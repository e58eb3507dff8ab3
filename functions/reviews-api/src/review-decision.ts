import {
  REVIEW_REJECTED_ERROR,
  type ReviewDecisionRecord,
  type ReviewDecisionRequest,
  type ReviewItem,
  type ReviewStatus,
  type ReviewTaskOutput,
  ReviewTaskOutputSchema,
} from "@shoebox/schemas";

/** What the waiting workflow task is told: SendTaskSuccess with the output, or SendTaskFailure. */
export type TaskAnswer =
  | { kind: "success"; output: ReviewTaskOutput }
  | { kind: "failure"; error: string; cause: string };

export interface Decision {
  /** Appended to the review's decisions. */
  record: ReviewDecisionRecord;
  /** The review's status once the decision is recorded. */
  status: Extract<ReviewStatus, "APPROVED" | "CORRECTED" | "REJECTED">;
  task: TaskAnswer;
}

const STATUS_OF = { approve: "APPROVED", correct: "CORRECTED", reject: "REJECTED" } as const;

/**
 * The owner's decision on a pending review, as it is recorded and handed back: before is the
 * review's fields, after the fields the receipt is to be stored with (the corrections merged
 * over them; unchanged for approve and reject). A rejection fails the waiting task with
 * REVIEW_REJECTED_ERROR and the reason as its cause.
 *
 * @example
 * decide(review, { action: "correct", fields: { total: 12.5 } }, ownerId, new Date());
 * // { record: { action: "correct", before: {...}, after: {..., total: 12.5}, ... }, status: "CORRECTED", task: { kind: "success", ... } }
 */
export const decide = (
  review: ReviewItem,
  request: ReviewDecisionRequest,
  reviewer: string,
  now: Date,
): Decision => {
  const before = review.fields;
  const after = request.action === "correct" ? { ...before, ...request.fields } : before;
  const record: ReviewDecisionRecord = {
    action: request.action,
    reviewer,
    decidedAt: now.toISOString(),
    before,
    after,
    ...(request.action === "reject" ? { reason: request.reason } : {}),
  };
  const task: TaskAnswer =
    request.action === "reject"
      ? { kind: "failure", error: REVIEW_REJECTED_ERROR, cause: request.reason }
      : { kind: "success", output: ReviewTaskOutputSchema.parse(record) };
  return { record, status: STATUS_OF[request.action], task };
};
