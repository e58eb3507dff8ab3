import { ReviewDecisionRequestSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { decisionOf, inputsOf } from "../../src/reviews/review-form.ts";

const shown = { merchant: "Hardware Depot", date: "2025-04-02", total: 24.89, currency: "USD" };

describe("decisionOf", () => {
  it("approves what was left as shown", () => {
    expect(decisionOf(inputsOf(shown), shown)).toEqual({ decision: { action: "approve" } });
    expect(decisionOf({ ...inputsOf(shown), merchant: "  Hardware Depot " }, shown)).toEqual({
      decision: { action: "approve" },
    });
  });

  it("corrects only the fields that changed, as the API takes them", () => {
    const planned = decisionOf({ ...inputsOf(shown), total: "19,90", currency: "eur" }, shown);

    expect(planned).toEqual({ decision: { action: "correct", fields: { total: 19.9, currency: "EUR" } } });
    expect(ReviewDecisionRequestSchema.safeParse((planned as { decision: unknown }).decision).success).toBe(
      true,
    );
  });

  it("fills in what was not read", () => {
    expect(decisionOf({ merchant: "Coffee Corner", date: "", total: "", currency: "" }, {})).toEqual({
      decision: { action: "correct", fields: { merchant: "Coffee Corner" } },
    });
  });

  it("says what to fix: a total that is no number, an emptied field, a malformed currency", () => {
    const planned = decisionOf({ merchant: "", date: "2025-04-02", total: "lots", currency: "EURO" }, shown);

    expect(planned).toEqual({
      problems: [
        "merchant: it cannot be emptied; put the right value, or reject the receipt",
        "total: write a number like 12.50",
      ],
    });
    expect(decisionOf({ ...inputsOf(shown), currency: "EURO" }, shown)).toMatchObject({
      problems: [expect.stringMatching(/^currency: /)],
    });
  });
});
