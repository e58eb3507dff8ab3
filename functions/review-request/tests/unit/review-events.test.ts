import { ReviewEventMessageSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { reviewOpenedMessage } from "../../src/review-events.ts";
import { reviewRequest } from "../helpers/review-requests.ts";

const NOW = new Date("2026-11-24T10:00:00.000Z");
const DEADLINE = "2026-11-25T10:00:00.000Z";

describe("reviewOpenedMessage", () => {
  it("is review.requested for the first round: what to look at and until when", () => {
    const request = reviewRequest();

    const message = reviewOpenedMessage(request, DEADLINE, NOW);

    expect(message).toEqual({
      eventType: "review.requested",
      ownerId: request.ownerId,
      photoId: request.photoId,
      occurredAt: "2026-11-24T10:00:00.000Z",
      round: 1,
      reasons: request.reasons,
      fields: request.fields,
      deadlineAt: DEADLINE,
    });
    expect(ReviewEventMessageSchema.parse(message)).toEqual(message);
  });

  it("is review.escalated for the second round", () => {
    const message = reviewOpenedMessage(reviewRequest({ round: 2 }), DEADLINE, NOW);

    expect(message).toMatchObject({ eventType: "review.escalated", round: 2 });
  });

  it("carries neither the task token nor the original's key", () => {
    const request = reviewRequest();

    const text = JSON.stringify(reviewOpenedMessage(request, DEADLINE, NOW));

    expect(text).not.toContain(request.taskToken);
    expect(text).not.toContain(request.original.key);
  });
});
