import { newId } from "@shoebox/runtime";
import type { ReviewRequest } from "@shoebox/schemas";

export const OWNER = "Qm9iLXRoZS1idWlsZGVyMQ";

/** A ReviewRequest as the workflow's AwaitReview task sends it: a new photo, round 1, a day to decide. */
export const reviewRequest = (change: Partial<ReviewRequest> = {}): ReviewRequest => {
  const photoId = change.photoId ?? newId();
  return {
    taskToken: `token-${newId()}`,
    ownerId: OWNER,
    photoId,
    original: {
      key: `uploads/${OWNER}/${photoId}`,
      versionId: "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY",
      contentType: "image/jpeg",
    },
    round: 1,
    reasons: [{ code: "HINT_DISAGREES", field: "total", message: "the hint says 12.50, the receipt 125.00" }],
    fields: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
    reading: null,
    deadlineSeconds: 86_400,
    ...change,
  };
};
