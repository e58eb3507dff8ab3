import { PermanentError } from "@shoebox/runtime";
import { type ReviewRequest, ReviewRequestSchema } from "@shoebox/schemas";
import type * as z from "zod";

/**
 * The task's payload is not a ReviewRequest: the workflow and this function disagree, which no
 * retry fixes. Step Functions sees the error's name as the task's Error, so the workflow can
 * leave it out of its Retry and catch it.
 */
export class ReviewRequestInvalidError extends PermanentError {
  constructor(message: string) {
    super(message, "REVIEW_REQUEST_INVALID");
    this.name = "ReviewRequest.Invalid";
  }
}

/** Where the payload is wrong, never what it holds: a task token is a credential of the execution. */
const issuesOf = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");

/**
 * The AwaitReview task's payload as a ReviewRequest, or ReviewRequest.Invalid.
 *
 * @example
 * const request = reviewRequestOf(payload);
 */
export const reviewRequestOf = (payload: unknown): ReviewRequest => {
  const request = ReviewRequestSchema.safeParse(payload);
  if (!request.success)
    throw new ReviewRequestInvalidError(`invalid review request: ${issuesOf(request.error)}`);
  return request.data;
};
