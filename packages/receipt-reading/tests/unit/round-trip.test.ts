import { ReceiptReadingSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { analyzeExpenseOfText, normaliseExpense } from "../../src/index.ts";
import { ocrReceipt } from "../helpers/fixtures.ts";

/** A read field whose confidence is within 0.05 of `confidence`: the figures are tuned, not exact. */
const read = <T>(value: T, confidence: number) => ({ value, confidence: expect.closeTo(confidence, 1) });

/*
 * The offline reader's path end to end: OCR lines -> AnalyzeExpense shape -> the same normaliser
 * Textract's answers go through -> the workflow's reading.
 */
describe("analyzeExpenseOfText then normaliseExpense", () => {
  it.each([
    [
      "us-supermarket",
      {
        merchant: read("WALMART", 0.83),
        date: read("2025-03-04", 0.72),
        total: read(23.75, 0.91),
        subtotal: read(23.26, 0.88),
        tax: read(0.49, 0.87),
        currency: read("USD", 0.85),
        lineItems: [
          { description: "BANANAS", quantity: null, amount: 1.24 },
          { description: "GV MILK 2%", quantity: null, amount: 3.48 },
          { description: "CANNED BEANS", quantity: 2, amount: 2.58 },
          { description: "PAPER TOWELS", quantity: null, amount: 6.97 },
          { description: "GROUND BEEF", quantity: null, amount: 8.99 },
        ],
      },
    ],
    [
      "fr-supermarket",
      {
        merchant: read("CARREFOUR CITY", 0.83),
        date: read("2025-03-05", 0.74),
        total: read(11.65, 0.91),
        subtotal: read(11.04, 0.88),
        tax: read(0.61, 0.87),
        currency: read("EUR", 0.95),
        lineItems: [
          { description: "CROISSANT", quantity: 2, amount: 2.4 },
          { description: "BAGUETTE", quantity: null, amount: 1.1 },
          { description: "CAFE MOULU 250G", quantity: null, amount: 4.95 },
          { description: "EAU MINERALE 6X1,5L", quantity: null, amount: 3.2 },
        ],
      },
    ],
    [
      "cafe-card-only",
      {
        merchant: read("Blue Bottle Coffee", 0.83),
        date: read("2025-03-14", 0.85),
        total: read(7.75, 0.51),
        subtotal: null,
        tax: null,
        currency: read("USD", 0.85),
        lineItems: [
          { description: "Latte", quantity: null, amount: 4.5 },
          { description: "Croissant", quantity: null, amount: 3.25 },
        ],
      },
    ],
    [
      "no-total",
      {
        merchant: read("CORNER DELI", 0.83),
        date: read("2025-03-14", 0.82),
        total: read(6.5, 0.23),
        subtotal: null,
        tax: null,
        currency: null,
        lineItems: [
          { description: "Sandwich", quantity: null, amount: 6.5 },
          { description: "Soda", quantity: null, amount: 1.75 },
          { description: "Chips", quantity: null, amount: 1.25 },
        ],
      },
    ],
  ])("reads %s as expected", (name, expected) => {
    // Prepare
    const pages = ocrReceipt(name);

    // Act
    const reading = normaliseExpense(analyzeExpenseOfText(pages), "local");

    // Assess
    expect(reading).toEqual({ reader: "local", ...expected, pages: 1 });
    expect(ReceiptReadingSchema.parse(reading)).toEqual(reading);
  });

  it("survives JSON, as the offline reader's answer crosses a Lambda boundary", () => {
    const response = analyzeExpenseOfText(ocrReceipt("de-supermarket"));
    expect(normaliseExpense(JSON.parse(JSON.stringify(response)), "local")).toEqual(
      normaliseExpense(response, "local"),
    );
  });
});
