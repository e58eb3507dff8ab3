import { HttpError } from "@shoebox/runtime";
import type { ReviewStatus } from "@shoebox/schemas";

/*
 * The answers every route shares. Another owner's review, an unknown one and a malformed id all
 * answer the same 404, so nobody can learn which reviews exist.
 */

export const reviewNotFound = (): HttpError => new HttpError(404, "review not found");

/** 409: the review takes no decision (any more); `status` is what it is now, when known. */
export const reviewConflict = (message: string, status: ReviewStatus | undefined): HttpError => {
  const error = new HttpError(409, message);
  if (status) Object.assign(error.fields, { status });
  return error;
};
