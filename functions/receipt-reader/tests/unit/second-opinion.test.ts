import type { ReceiptReading } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { mergeReadings, needsSecondOpinion } from "../../src/second-opinion.ts";

/** A reading with every field read; each test takes from it what it needs. */
const reading = (fields: Partial<ReceiptReading> = {}): ReceiptReading => ({
  reader: "local",
  merchant: { value: "CORNER BAKERY", confidence: 0.86 },
  date: { value: "2026-03-14", confidence: 0.88 },
  total: { value: 12.7, confidence: 0.93 },
  subtotal: null,
  tax: { value: 2.12, confidence: 0.9 },
  currency: { value: "GBP", confidence: 0.95 },
  lineItems: [{ description: "Flat white", quantity: null, amount: 3.2 }],
  pages: 1,
  ...fields,
});

describe("needsSecondOpinion", () => {
  it("asks again when a headline field was not read at all", () => {
    expect(needsSecondOpinion(reading({ date: null }))).toBe(true);
    expect(needsSecondOpinion(reading({ total: null }))).toBe(true);
    expect(needsSecondOpinion(reading({ merchant: null }))).toBe(true);
    expect(needsSecondOpinion(reading({ currency: null }))).toBe(true);
  });

  it("does not ask again for a reading with every headline field, however unsure", () => {
    expect(needsSecondOpinion(reading({ date: { value: "2026-03-14", confidence: 0.1 } }))).toBe(false);
    // Subtotal and tax are often not printed at all
    expect(needsSecondOpinion(reading({ subtotal: null, tax: null }))).toBe(false);
  });
});

describe("mergeReadings", () => {
  it("takes each field from the reading surer of it", () => {
    // Prepare: the first lost the date and was unsure of the merchant; the second misread the currency
    const first = reading({ date: null, merchant: { value: "eeds", confidence: 0.52 } });
    const second = reading({ currency: { value: "USD", confidence: 0.5 } });

    // Act
    const merged = mergeReadings(first, second);

    // Assess
    expect(merged).toMatchObject({
      merchant: { value: "CORNER BAKERY", confidence: 0.86 },
      date: { value: "2026-03-14", confidence: 0.88 },
      currency: { value: "GBP", confidence: 0.95 },
    });
  });

  it("keeps the amounts of one reading together: total, subtotal, tax and line items", () => {
    // Prepare: the second is surer of the total, the first has the tax and items
    const first = reading({ total: { value: 50, confidence: 0.05 } });
    const second = reading({
      total: { value: 12.7, confidence: 0.92 },
      subtotal: { value: 10.58, confidence: 0.9 },
      tax: null,
      lineItems: [],
    });

    // Act
    const merged = mergeReadings(first, second);

    // Assess
    expect(merged).toMatchObject({
      total: second.total,
      subtotal: second.subtotal,
      tax: null,
      lineItems: [],
    });
  });

  it("keeps the first reading where both are as sure, or neither read a field", () => {
    const first = reading({ date: null, merchant: { value: "CORNER BAKERY", confidence: 0.86 } });
    const second = reading({ date: null, merchant: { value: "CORNER BAKER", confidence: 0.86 } });

    expect(mergeReadings(first, second)).toMatchObject({ date: null, merchant: first.merchant });
  });
});
