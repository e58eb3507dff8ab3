import type { AnalyzeExpenseResponse } from "@aws-sdk/client-textract";
import { MAX_READ_LINE_ITEMS, MAX_READ_TEXT, ReceiptReadingSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { normaliseExpense } from "../../src/index.ts";
import { textractResponse } from "../helpers/fixtures.ts";

const NOTHING_READ = {
  merchant: null,
  date: null,
  total: null,
  subtotal: null,
  tax: null,
  currency: null,
  lineItems: [],
  pages: 1,
};

describe("normaliseExpense on Textract's answer for a US grocery receipt", () => {
  const reading = normaliseExpense(textractResponse("us-grocery"), "textract");

  it("answers the reading the workflow expects, valid against its schema", () => {
    expect(ReceiptReadingSchema.parse(reading)).toEqual({
      reader: "textract",
      merchant: { value: "WHOLE FOODS MARKET", confidence: 0.974 },
      date: { value: "2025-03-04", confidence: expect.closeTo(0.84, 2) },
      total: { value: 37.6, confidence: 0.988 },
      subtotal: { value: 34.5, confidence: 0.992 },
      tax: { value: 3.1, confidence: 0.99 },
      currency: { value: "USD", confidence: 0.982 },
      lineItems: [
        { description: "ORGANIC BANANAS", quantity: 3, amount: 2.47 },
        { description: "365 WHOLE MILK", quantity: null, amount: 4.29 },
        { description: "SOURDOUGH BREAD", quantity: null, amount: 6.99 },
        { description: "SALMON FILLET", quantity: 1, amount: 15.76 },
        { description: "COFFEE BEANS", quantity: null, amount: 4.99 },
      ],
      pages: 1,
    });
  });

  it("of two TOTALs, takes the one subtotal + tax confirms, not the misread one", () => {
    expect(reading.total?.value).toBe(37.6);
  });

  it("reads the date as printed (03/04/2025) month first: the fields are in USD", () => {
    expect(reading.date?.value).toBe("2025-03-04");
    // Ambiguous, so less sure than Textract's reading of the text itself.
    expect(reading.date?.confidence).toBeLessThan(0.9);
  });
});

describe("normaliseExpense on Textract's answer with several TOTALs (German bakery)", () => {
  const reading = normaliseExpense(textractResponse("de-several-totals"), "textract");

  it("passes over TOTALs labelled as cash given or change, though Textract was surer of them", () => {
    expect(reading.total).toEqual({ value: 12.5, confidence: 0.954 });
  });

  it("reads decimal commas, and EUR from the printed € with no Currency field", () => {
    expect(reading.tax?.value).toBe(0.82);
    expect(reading.currency).toEqual({ value: "EUR", confidence: 0.95 });
    expect(reading.lineItems).toEqual([
      { description: "Roggenbrot", quantity: null, amount: 4.2 },
      { description: "Brezel", quantity: 3, amount: 2.85 },
      { description: "Kaffee groß", quantity: null, amount: 5.45 },
    ]);
  });

  it("reads 03.04.25 day first in a EUR receipt, the time ignored", () => {
    expect(reading.date?.value).toBe("2025-04-03");
  });
});

describe("normaliseExpense on Textract's answer with an AMOUNT_PAID and no TOTAL", () => {
  const reading = normaliseExpense(textractResponse("uk-amount-paid-only"), "textract");

  it("takes the amount paid as the total, less surely", () => {
    expect(reading.total?.value).toBe(4.2);
    expect(reading.total?.confidence).toBeLessThan(0.94 * 0.9);
  });

  it("takes a NAME grouped as VENDOR as the merchant, less surely", () => {
    expect(reading.merchant?.value).toBe("Pret A Manger");
    expect(reading.merchant?.confidence).toBeLessThan(0.88);
  });

  it("reads GBP from the printed £ and the date with a month name", () => {
    expect(reading.currency?.value).toBe("GBP");
    expect(reading.date).toEqual({ value: "2025-03-14", confidence: 0.99 });
    expect(ReceiptReadingSchema.safeParse(reading).success).toBe(true);
  });
});

describe("normaliseExpense on odd answers", () => {
  it("answers nulls for fields with only a label, without a confidence, without a type or with no text", () => {
    expect(normaliseExpense(textractResponse("odd-fields"), "textract")).toEqual({
      reader: "textract",
      ...NOTHING_READ,
    });
  });

  it.each([
    ["no ExpenseDocuments", {}],
    ["an empty ExpenseDocuments", { ExpenseDocuments: [] }],
    ["an empty ExpenseDocument", { DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [{}] }],
    ["null fields", { ExpenseDocuments: [{ SummaryFields: null, LineItemGroups: null }] }],
    [
      "null entries",
      { ExpenseDocuments: [null, { SummaryFields: [null], LineItemGroups: [null, { LineItems: [null] }] }] },
    ],
    ["a page count of 0", { DocumentMetadata: { Pages: 0 }, ExpenseDocuments: [] }],
    [
      "texts that are not strings",
      {
        ExpenseDocuments: [
          { SummaryFields: [{ Type: { Text: 7 }, ValueDetection: { Text: { no: 1 }, Confidence: 90 } }] },
        ],
      },
    ],
  ])("answers nulls, never throws, for %s", (_what, response) => {
    // Act
    const reading = normaliseExpense(response as unknown as AnalyzeExpenseResponse, "local");

    // Assess
    expect(reading).toEqual({ reader: "local", ...NOTHING_READ });
    expect(ReceiptReadingSchema.safeParse(reading).success).toBe(true);
  });

  it("answers nulls for an undefined response", () => {
    expect(normaliseExpense(undefined as unknown as AnalyzeExpenseResponse, "textract")).toEqual({
      reader: "textract",
      ...NOTHING_READ,
    });
  });

  it("ignores a Currency code that is no ISO 4217 code", () => {
    const reading = normaliseExpense(
      {
        ExpenseDocuments: [
          {
            SummaryFields: [
              {
                Type: { Text: "TOTAL", Confidence: 99 },
                ValueDetection: { Text: "5.00", Confidence: 99 },
                Currency: { Code: "BZR" },
              },
            ],
          },
        ],
      },
      "textract",
    );
    expect(reading.total?.value).toBe(5);
    expect(reading.currency).toBeNull();
  });

  it("prefers a non-zero TOTAL to the BALANCE DUE 0.00 printed after payment", () => {
    const field = (text: string, confidence: number, label: string) => ({
      Type: { Text: "TOTAL", Confidence: confidence },
      LabelDetection: { Text: label, Confidence: confidence },
      ValueDetection: { Text: text, Confidence: confidence },
    });
    const reading = normaliseExpense(
      {
        ExpenseDocuments: [
          { SummaryFields: [field("0.00", 99.9, "BALANCE DUE"), field("$18.20", 97, "TOTAL")] },
        ],
      },
      "textract",
    );
    expect(reading.total).toEqual({ value: 18.2, confidence: 0.97 });
  });

  it("treats a TOTAL labelled as garbled change (CHANGF) as the distractor it is", () => {
    const field = (text: string, label: string) => ({
      Type: { Text: "TOTAL", Confidence: 95 },
      LabelDetection: { Text: label, Confidence: 95 },
      ValueDetection: { Text: text, Confidence: 95 },
    });
    const reading = normaliseExpense(
      { ExpenseDocuments: [{ SummaryFields: [field("3.77", "CHANGF"), field("16.23", "TOTAL")] }] },
      "textract",
    );
    expect(reading.total?.value).toBe(16.23);
  });

  it("reads a currency a date field carries, and the date's order from it, without any amount", () => {
    // The offline reader answers the currency it read the date's order for with the date.
    const reading = normaliseExpense(
      {
        ExpenseDocuments: [
          {
            SummaryFields: [
              {
                Type: { Text: "INVOICE_RECEIPT_DATE", Confidence: 92 },
                ValueDetection: { Text: "09/10/23", Confidence: 80 },
                Currency: { Code: "GBP", Confidence: 45 },
              },
            ],
          },
        ],
      },
      "local",
    );
    expect(reading.currency).toEqual({ value: "GBP", confidence: 0.45 });
    expect(reading.date?.value).toBe("2023-10-09");
  });

  it("takes the TOTAL that is another TOTAL plus the GRATUITY: the amount charged", () => {
    const field = (type: string, text: string, label: string) => ({
      Type: { Text: type, Confidence: 99 },
      LabelDetection: { Text: label, Confidence: 99 },
      ValueDetection: { Text: text, Confidence: 99 },
    });
    const reading = normaliseExpense(
      {
        ExpenseDocuments: [
          {
            SummaryFields: [
              field("SUBTOTAL", "$143.00", "Subtotal"),
              field("TAX", "$12.33", "Sales Tax"),
              field("TOTAL", "$155.33", "Total"),
              field("GRATUITY", "$28.00", "Tip"),
              field("TOTAL", "$183.33", "Grand Total"),
            ],
          },
        ],
      },
      "textract",
    );
    expect(reading.total?.value).toBe(183.33);
  });

  it("caps text and line items, and the reading still passes its schema", () => {
    // Prepare
    const longName = "THE VERY LONG NAMED ".repeat(30);
    const response: AnalyzeExpenseResponse = {
      DocumentMetadata: { Pages: 3 },
      ExpenseDocuments: [
        {
          SummaryFields: [
            {
              Type: { Text: "VENDOR_NAME", Confidence: 99 },
              ValueDetection: { Text: longName, Confidence: 99 },
            },
          ],
          LineItemGroups: [
            {
              LineItems: Array.from({ length: 400 }, (_, index) => ({
                LineItemExpenseFields: [
                  {
                    Type: { Text: "ITEM", Confidence: 99 },
                    ValueDetection: { Text: `${longName}${index}`, Confidence: 99 },
                  },
                  {
                    Type: { Text: "PRICE", Confidence: 99 },
                    ValueDetection: { Text: "$1.00", Confidence: 99 },
                  },
                ],
              })),
            },
          ],
        },
      ],
    };

    // Act
    const reading = normaliseExpense(response, "textract");

    // Assess
    expect(reading.merchant?.value).toHaveLength(MAX_READ_TEXT);
    expect(reading.lineItems).toHaveLength(MAX_READ_LINE_ITEMS);
    expect(reading.lineItems.every((item) => item.description.length <= MAX_READ_TEXT)).toBe(true);
    expect(reading.pages).toBe(3);
    expect(() => ReceiptReadingSchema.parse(reading)).not.toThrow();
  });
});
