import { describe, expect, it } from "vitest";
import { BatchCounterSchema, BatchViewSchema, ReceiptOutcomeSchema } from "../src/index.ts";

describe("batch counters", () => {
  it("have one for every receipt outcome, which the workflow adds under the outcome's own name", () => {
    expect(BatchCounterSchema.options).toEqual(expect.arrayContaining(ReceiptOutcomeSchema.options));
  });

  it("are all in GET /batches/{id}'s view, so a client can tell when every upload has an outcome", () => {
    expect(Object.keys(BatchViewSchema.shape)).toEqual(expect.arrayContaining(BatchCounterSchema.options));
    const view = {
      batchId: "01JZ0000000000000000000000",
      createdAt: "2026-01-05T10:00:00.000Z",
      expected: 2,
      processed: 2,
      failed: 0,
      stored: 1,
      duplicate: 0,
      invalid: 0,
      rejected: 1,
    };
    expect(BatchViewSchema.parse(view)).toEqual(view);
    const { rejected: _, ...withoutRejected } = view;
    expect(BatchViewSchema.safeParse(withoutRejected).success).toBe(false);
  });
});
