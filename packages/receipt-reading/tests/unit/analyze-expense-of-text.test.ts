import { MAX_READ_LINE_ITEMS, ReceiptReadingSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { analyzeExpenseOfText, normaliseExpense } from "../../src/index.ts";
import {
  lineItemTexts,
  longReceipt,
  ocrPagesOfText,
  ocrReceipt,
  summaryField,
  summaryFields,
} from "../helpers/fixtures.ts";

const confidenceOf = (field: { ValueDetection?: { Confidence?: number } }) =>
  field.ValueDetection?.Confidence ?? -1;

describe("analyzeExpenseOfText on a US supermarket receipt (SKUs, cash, change, savings, points)", () => {
  const response = analyzeExpenseOfText(ocrReceipt("us-supermarket"));

  it("answers in AnalyzeExpense's shape: one ExpenseDocument, its pages counted", () => {
    expect(response.DocumentMetadata).toEqual({ Pages: 1 });
    expect(response.ExpenseDocuments).toHaveLength(1);
    expect(response.ExpenseDocuments?.[0]?.ExpenseIndex).toBe(1);
  });

  it("takes the total from the TOTAL line, never the cash tendered, the change or the savings", () => {
    const total = summaryField(response, "TOTAL");
    expect(total).toMatchObject({
      Type: { Text: "TOTAL" },
      LabelDetection: { Text: "TOTAL" },
      ValueDetection: { Text: "$23.75" },
      Currency: { Code: "USD" },
      PageNumber: 1,
    });
    // Labelled, and subtotal + tax add up to it: as sure as the OCR.
    expect(confidenceOf(total)).toBeGreaterThan(88);
  });

  it("reads the subtotal and the tax, not the tax rate", () => {
    expect(summaryField(response, "SUBTOTAL").ValueDetection?.Text).toBe("23.26");
    expect(summaryField(response, "TAX")).toMatchObject({
      LabelDetection: { Text: "TAX 1 7.000 %" },
      ValueDetection: { Text: "0.49" },
    });
  });

  it("answers no AMOUNT_PAID for cash (the change says it was more than the total)", () => {
    expect(summaryFields(response, "AMOUNT_PAID")).toEqual([]);
  });

  it("reads the merchant from the header, the date month first for a USD receipt", () => {
    expect(summaryField(response, "VENDOR_NAME").ValueDetection?.Text).toBe("WALMART");
    expect(summaryField(response, "INVOICE_RECEIPT_DATE").ValueDetection?.Text).toBe("03/04/25");
    expect(normaliseExpense(response, "local").date?.value).toBe("2025-03-04");
  });

  it("reads the items without their SKUs and tax flags, the quantity line joined to its item", () => {
    expect(lineItemTexts(response)).toEqual([
      { ITEM: "BANANAS", PRICE: "1.24" },
      { ITEM: "GV MILK 2%", PRICE: "3.48" },
      { ITEM: "CANNED BEANS", QUANTITY: "2", UNIT_PRICE: "1.29", PRICE: "2.58" },
      { ITEM: "PAPER TOWELS", PRICE: "6.97" },
      { ITEM: "GROUND BEEF", PRICE: "8.99" },
    ]);
  });
});

describe("analyzeExpenseOfText on a German receipt (SUMME EUR, MwSt lines, 14.03.25)", () => {
  const response = analyzeExpenseOfText(ocrReceipt("de-supermarket"));
  const reading = normaliseExpense(response, "local");

  it("takes SUMME EUR as the total, in EUR, and the EC card as the amount paid", () => {
    expect(summaryField(response, "TOTAL")).toMatchObject({
      LabelDetection: { Text: "SUMME" },
      ValueDetection: { Text: "EUR 12,50" },
      Currency: { Code: "EUR" },
    });
    expect(summaryField(response, "AMOUNT_PAID").ValueDetection?.Text).toBe("EUR 12,50");
    expect(reading.total?.value).toBe(12.5);
    expect(reading.currency?.value).toBe("EUR");
  });

  it("reads both MwSt lines, and the reading's tax is their sum", () => {
    expect(summaryFields(response, "TAX").map((tax) => tax.ValueDetection?.Text)).toEqual(["1,00", "0,41"]);
    expect(reading.tax?.value).toBe(1.41);
  });

  it("reads 14.03.25 as the 14th of March 2025", () => {
    expect(reading.date?.value).toBe("2025-03-14");
  });

  it("reads quantities printed on their own line, weights, the deposit and the discount", () => {
    expect(reading.lineItems).toEqual([
      { description: "MILCH 1,5% 1L", quantity: 2, amount: 2.58 },
      { description: "BROT VOLLKORN", quantity: null, amount: 2.49 },
      { description: "BANANEN", quantity: 0.835, amount: 1.66 },
      { description: "PFAND", quantity: null, amount: 0.25 },
      { description: "RABATT", quantity: null, amount: -0.5 },
      { description: "WEIN ROT", quantity: null, amount: 6.02 },
    ]);
  });

  it("reads the merchant past the address, postcode and VAT id", () => {
    expect(reading.merchant?.value).toBe("REWE Markt GmbH");
  });
});

describe("analyzeExpenseOfText on a UK receipt (£, a VAT table, day-first date)", () => {
  const response = analyzeExpenseOfText(ocrReceipt("uk-grocery"));
  const reading = normaliseExpense(response, "local");

  it("reads the total and the card payment in GBP", () => {
    expect(summaryField(response, "TOTAL")).toMatchObject({
      ValueDetection: { Text: "£11.90" },
      Currency: { Code: "GBP" },
    });
    expect(summaryField(response, "AMOUNT_PAID")).toMatchObject({ LabelDetection: { Text: "CONTACTLESS" } });
    expect(reading.total?.value).toBe(11.9);
    expect(reading.currency?.value).toBe("GBP");
  });

  it("reads the tax column of the VAT table, one TAX per rate", () => {
    expect(
      summaryFields(response, "TAX").map((tax) => [tax.LabelDetection?.Text, tax.ValueDetection?.Text]),
    ).toEqual([
      ["S 20%", "£1.25"],
      ["Z 0%", "£0.00"],
    ]);
    expect(reading.tax?.value).toBe(1.25);
  });

  it("reads 05/03/2025 as the 5th of March: a GBP receipt writes the day first", () => {
    expect(reading.date?.value).toBe("2025-03-05");
  });

  it("reads a weighed item's weight as its quantity", () => {
    expect(reading.lineItems).toContainEqual({ description: "BANANAS LOOSE", quantity: 0.92, amount: 0.75 });
  });

  it("does not take the loyalty points, the VAT number or the phone for money", () => {
    expect(reading.lineItems.map((item) => item.description)).toEqual([
      "MILK SEMI SKIMMED 2PT",
      "SOURDOUGH LOAF",
      "BANANAS LOOSE",
      "WINE RED",
    ]);
  });
});

describe("analyzeExpenseOfText on a French receipt (TOTAL TTC, TOTAL HT, TVA)", () => {
  const response = analyzeExpenseOfText(ocrReceipt("fr-supermarket"));
  const reading = normaliseExpense(response, "local");

  it("takes TOTAL TTC as the total and TOTAL HT as the subtotal", () => {
    expect(summaryField(response, "TOTAL")).toMatchObject({
      LabelDetection: { Text: "TOTAL TTC" },
      ValueDetection: { Text: "11,65 €" },
    });
    expect(summaryField(response, "SUBTOTAL")).toMatchObject({
      LabelDetection: { Text: "TOTAL HT" },
      ValueDetection: { Text: "11,04" },
    });
    expect(reading).toMatchObject({
      total: { value: 11.65 },
      subtotal: { value: 11.04 },
      tax: { value: 0.61 },
    });
  });

  it("reads the merchant past the street, postcode, phone and SIRET; the date day first", () => {
    expect(reading.merchant?.value).toBe("CARREFOUR CITY");
    expect(reading.date?.value).toBe("2025-03-05");
    expect(reading.currency?.value).toBe("EUR");
  });

  it("reads a trailing X2 as a quantity, and leaves 6X1,5L in the description", () => {
    expect(reading.lineItems.slice(0, 1)).toEqual([{ description: "CROISSANT", quantity: 2, amount: 2.4 }]);
    expect(reading.lineItems.at(-1)).toEqual({
      description: "EAU MINERALE 6X1,5L",
      quantity: null,
      amount: 3.2,
    });
  });
});

describe("analyzeExpenseOfText on a receipt whose only locale cue is its decimal comma", () => {
  const response = analyzeExpenseOfText(
    ocrPagesOfText("BAR CENTRAL\nCAFFE 1,20\nCORNETTO 1,50\nTOTALE 2,70\n03/04/2025"),
  );
  const reading = normaliseExpense(response, "local");

  it("guesses EUR, and says it is a guess", () => {
    expect(summaryField(response, "TOTAL").Currency).toEqual({ Code: "EUR", Confidence: 40 });
    expect(reading.currency).toEqual({ value: "EUR", confidence: 0.4 });
  });

  it("reads the ambiguous date day first, less surely than a printed currency would allow", () => {
    expect(reading.date?.value).toBe("2025-04-03");
    expect(reading.date?.confidence).toBeLessThan(0.75);
  });
});

describe("analyzeExpenseOfText on a café receipt with only a card-payment line", () => {
  const response = analyzeExpenseOfText(ocrReceipt("cafe-card-only"));

  it("answers the card payment as AMOUNT_PAID", () => {
    expect(summaryField(response, "AMOUNT_PAID")).toMatchObject({
      LabelDetection: { Text: "VISA ************4242" },
      ValueDetection: { Text: "$7.75" },
    });
  });

  it("answers a TOTAL only because the items add up to the payment, without a label and less surely", () => {
    const total = summaryField(response, "TOTAL");
    expect(total.ValueDetection?.Text).toBe("$7.75");
    expect(total.LabelDetection).toBeUndefined();
    expect(confidenceOf(total)).toBeGreaterThan(40);
    expect(confidenceOf(total)).toBeLessThan(60);
  });

  it("reads a mixed-case merchant, and the date with a month name", () => {
    const reading = normaliseExpense(response, "local");
    expect(reading.merchant?.value).toBe("Blue Bottle Coffee");
    expect(reading.date?.value).toBe("2025-03-14");
  });
});

describe("analyzeExpenseOfText on a restaurant bill with a tip", () => {
  const response = analyzeExpenseOfText(ocrReceipt("restaurant-with-tip"));
  const reading = normaliseExpense(response, "local");

  it("takes the amount charged (total + tip) as the total, the tip as GRATUITY", () => {
    expect(summaryField(response, "GRATUITY").ValueDetection?.Text).toBe("28.00");
    expect(summaryField(response, "TOTAL")).toMatchObject({
      LabelDetection: { Text: "Grand Total" },
      ValueDetection: { Text: "183.33" },
    });
    expect(reading).toMatchObject({
      total: { value: 183.33 },
      subtotal: { value: 143 },
      tax: { value: 12.33 },
    });
  });

  it("reads leading quantities and a unit price after @", () => {
    expect(reading.lineItems).toEqual([
      { description: "Caesar Salad", quantity: 2, amount: 24 },
      { description: "Ribeye Steak", quantity: 1, amount: 42 },
      { description: "Salmon", quantity: 1, amount: 31.5 },
      { description: "Glass Wine", quantity: 3, amount: 36 },
      { description: "Tiramisu", quantity: 1, amount: 9.5 },
    ]);
  });

  it("reads the merchant past a logo's noise and the restaurant's details", () => {
    expect(reading.merchant?.value).toBe("THE GOLDEN SPOON");
    expect(reading.date?.value).toBe("2025-03-15");
  });
});

describe("analyzeExpenseOfText on a Japanese receipt (yen without decimals)", () => {
  const reading = normaliseExpense(analyzeExpenseOfText(ocrReceipt("jp-convenience")), "local");

  it("reads integer yen amounts as money, but not the numbers of the address", () => {
    expect(reading).toMatchObject({
      merchant: { value: "ローソン 渋谷店" },
      date: { value: "2025-03-14" },
      total: { value: 712 },
      subtotal: { value: 660 },
      tax: { value: 52 },
      currency: { value: "JPY" },
    });
    expect(reading.lineItems).toEqual([
      { description: "おにぎり", quantity: null, amount: 150 },
      { description: "お茶", quantity: null, amount: 130 },
      { description: "サンドイッチ", quantity: null, amount: 380 },
    ]);
  });
});

describe("analyzeExpenseOfText on OCR-noisy text (T0TAL, TOTA1, O for 0, S for 5 and $, stray spaces)", () => {
  const reading = normaliseExpense(analyzeExpenseOfText(ocrReceipt("ocr-noisy", 71)), "local");

  it("reads the labels and amounts through the noise", () => {
    expect(reading).toMatchObject({
      total: { value: 10.09 },
      subtotal: { value: 9.34 },
      tax: { value: 0.75 },
      currency: { value: "USD" },
      date: { value: "2025-03-14" },
    });
    expect(reading.lineItems.map((item) => item.amount)).toEqual([3.4, 2.95, 2.99]);
  });

  it("is as unsure as the OCR was", () => {
    expect(reading.total?.confidence).toBeLessThan(0.71);
    expect(reading.total?.confidence).toBeGreaterThan(0.6);
  });

  it("reads the merchant without its decoration, past the greeting and the noisy address", () => {
    expect(reading.merchant?.value).toBe("SUNRISE MARKET");
  });
});

describe("analyzeExpenseOfText on a receipt without any total", () => {
  it("falls back to the largest amount, and says it is a guess", () => {
    // Prepare
    const pages = ocrReceipt("no-total");

    // Act
    const response = analyzeExpenseOfText(pages);

    // Assess
    const total = summaryField(response, "TOTAL");
    expect(total.ValueDetection?.Text).toBe("6.50");
    expect(total.LabelDetection).toBeUndefined();
    expect(confidenceOf(total)).toBeLessThan(30);
    expect(lineItemTexts(response)).toHaveLength(3);
  });

  it("takes an unlabelled amount under the items that is their sum, fairly surely, and not as an item", () => {
    // Prepare: the TOTAL label lost to OCR.
    const pages = ocrPagesOfText("CORNER DELI\nSandwich 6.50\nSoda 1.75\nChips 1.25\n      9.50\n14/03/2025");

    // Act
    const response = analyzeExpenseOfText(pages);

    // Assess
    const total = summaryField(response, "TOTAL");
    expect(total.ValueDetection?.Text).toBe("9.50");
    expect(confidenceOf(total)).toBeGreaterThan(50);
    expect(lineItemTexts(response).map((item) => item.PRICE)).toEqual(["6.50", "1.75", "1.25"]);
  });

  it("answers no TOTAL at all for text without amounts", () => {
    const response = analyzeExpenseOfText(ocrPagesOfText("CORNER DELI\nThank you"));
    expect(summaryFields(response, "TOTAL")).toEqual([]);
    expect(summaryField(response, "VENDOR_NAME").ValueDetection?.Text).toBe("CORNER DELI");
  });
});

describe("analyzeExpenseOfText on a long receipt (150 items)", () => {
  const { pages, totalCents } = longReceipt(150);
  const response = analyzeExpenseOfText(pages);
  const reading = normaliseExpense(response, "local");

  it("answers every item, as Textract would, and reads the total with its thousands separator", () => {
    expect(lineItemTexts(response)).toHaveLength(150);
    expect(reading.total?.value).toBe(totalCents / 100);
    expect(totalCents).toBeGreaterThan(100_000);
  });

  it("caps the reading's items and keeps it far below Step Functions' 256 KiB", () => {
    expect(reading.lineItems).toHaveLength(MAX_READ_LINE_ITEMS);
    expect(reading.lineItems[0]).toEqual({ description: "WIDGET NO 001", quantity: null, amount: 5 });
    expect(Buffer.byteLength(JSON.stringify(reading))).toBeLessThan(16 * 1024);
    expect(() => ReceiptReadingSchema.parse(reading)).not.toThrow();
  });
});

describe("analyzeExpenseOfText across pages", () => {
  it("reads the merchant on page 1 and the total on page 2, with its page number", () => {
    // Prepare
    const pages = ocrPagesOfText(
      "HARDWARE HOUSE\nHAMMER 12.99\nNAILS 3.49\n=== page ===\nSCREWS 4.25\nSUBTOTAL 20.73\nTAX 1.71\nTOTAL 22.44\n",
    );

    // Act
    const response = analyzeExpenseOfText(pages);

    // Assess
    expect(response.DocumentMetadata?.Pages).toBe(2);
    expect(summaryField(response, "VENDOR_NAME").PageNumber).toBe(1);
    expect(summaryField(response, "TOTAL")).toMatchObject({
      PageNumber: 2,
      ValueDetection: { Text: "22.44" },
    });
    expect(lineItemTexts(response)).toHaveLength(3);
  });

  it("answers an empty document for no pages, and for pages without lines", () => {
    for (const pages of [[], [[]], [[{ text: "", confidence: 0 }]]]) {
      const response = analyzeExpenseOfText(pages);
      expect(response.ExpenseDocuments?.[0]?.SummaryFields).toEqual([]);
      expect(response.ExpenseDocuments?.[0]?.LineItemGroups).toEqual([]);
    }
  });
});

describe("analyzeExpenseOfText confidences", () => {
  it("combine the OCR's confidence with the parse's", () => {
    // Prepare
    const sure = analyzeExpenseOfText(ocrReceipt("us-supermarket", 98));
    const unsure = analyzeExpenseOfText(ocrReceipt("us-supermarket", 60));

    // Act
    const sureTotal = summaryField(sure, "TOTAL");
    const unsureTotal = summaryField(unsure, "TOTAL");

    // Assess: the parse's certainty (Type) is the same; the value's follows the OCR.
    expect(sureTotal.Type?.Confidence).toBe(unsureTotal.Type?.Confidence);
    expect(confidenceOf(unsureTotal)).toBeCloseTo((confidenceOf(sureTotal) * 60) / 98, 0);
  });

  it("are deterministic", () => {
    expect(analyzeExpenseOfText(ocrReceipt("de-supermarket"))).toEqual(
      analyzeExpenseOfText(ocrReceipt("de-supermarket")),
    );
  });
});
