import { REVIEW_REJECTED_ERROR, type ReviewItem, ReviewTaskOutputSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { decide } from "../../src/review-decision.ts";

const OWNER = "aliceAliceAliceAlice01";
const PHOTO = "01JD3M7Z8K9Q4R5S6T7V8W9X0Y";
const NOW = new Date("2026-11-24T10:00:00.000Z");

const review: ReviewItem = {
  ownerId: OWNER,
  sk: `REVIEW#${PHOTO}`,
  photoId: PHOTO,
  status: "PENDING",
  taskToken: "token-1",
  round: 1,
  reasons: [{ code: "LOW_CONFIDENCE", field: "total", message: "the total was read with 41% confidence" }],
  fields: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
  reading: null,
  original: { key: `uploads/${OWNER}/${PHOTO}`, contentType: "image/jpeg" },
  requestedAt: "2026-11-24T09:00:00.000Z",
  deadlineAt: "2026-11-25T09:00:00.000Z",
  decisions: [],
};

describe("decide", () => {
  it("approves the fields as they are, handing them to the workflow unchanged", () => {
    const decision = decide(review, { action: "approve" }, OWNER, NOW);

    expect(decision).toEqual({
      record: {
        action: "approve",
        reviewer: OWNER,
        decidedAt: "2026-11-24T10:00:00.000Z",
        before: review.fields,
        after: review.fields,
      },
      status: "APPROVED",
      task: { kind: "success", output: decision.record },
    });
    expect(ReviewTaskOutputSchema.parse(decision.record)).toEqual(decision.record);
  });

  it("merges corrections over the fields: after holds them, before the fields as reviewed", () => {
    const decision = decide(
      review,
      { action: "correct", fields: { total: 21.5, currency: "CHF" } },
      OWNER,
      NOW,
    );

    expect(decision.status).toBe("CORRECTED");
    expect(decision.record.before).toEqual(review.fields);
    expect(decision.record.after).toEqual({
      merchant: "Café Central",
      date: "2026-11-20",
      total: 21.5,
      currency: "CHF",
    });
    expect(decision.task).toEqual({ kind: "success", output: decision.record });
  });

  it("adds a field the reading left out", () => {
    const unread = { ...review, fields: { merchant: "Café Central" } };

    const decision = decide(unread, { action: "correct", fields: { date: "2026-11-21" } }, OWNER, NOW);

    expect(decision.record.after).toEqual({ merchant: "Café Central", date: "2026-11-21" });
  });

  it("rejects with the reason kept on the record and failing the task as Review.Rejected", () => {
    const decision = decide(review, { action: "reject", reason: "not my receipt" }, OWNER, NOW);

    expect(decision.status).toBe("REJECTED");
    expect(decision.record).toMatchObject({
      action: "reject",
      reason: "not my receipt",
      after: review.fields,
    });
    expect(decision.task).toEqual({ kind: "failure", error: REVIEW_REJECTED_ERROR, cause: "not my receipt" });
  });

  it("never hands the task token or the review's keys to the workflow", () => {
    const decision = decide(review, { action: "approve" }, OWNER, NOW);

    expect(JSON.stringify(decision.task)).not.toContain("token-1");
    expect(Object.keys(decision.record).sort()).toEqual([
      "action",
      "after",
      "before",
      "decidedAt",
      "reviewer",
    ]);
  });
});
