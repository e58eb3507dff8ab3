import { describe, expect, it } from "vitest";
import { analyzeExpenseOfText, normaliseExpense, type OcrLine } from "../../src/index.ts";
import { ocrPagesOfText, ocrReceipt, summaryField, summaryFields } from "../helpers/fixtures.ts";

/*
 * What tesseract reads from phone photos of receipts: slanted lines split or cut off at the
 * page's edges, faded digits misread, labels garbled past matching. The fixtures are such OCR
 * text; each test names the damage and what the reader still gets right, or how unsure it says
 * it is.
 */
const readingOf = (name: string, confidence = 90) =>
  normaliseExpense(analyzeExpenseOfText(ocrReceipt(name, confidence)), "local");

describe("dates the OCR split or garbled", () => {
  it("reads a date with a space beside a separator (06.01 .2025 style)", () => {
    expect(readingOf("de-photo-split-date").date?.value).toBe("2025-02-03");
  });

  it("reads a date whose first dot was read as a space (18 07.2023 style)", () => {
    expect(readingOf("nl-photo-dot-read-as-space").date?.value).toBe("2024-09-12");
  });

  it("reads a leading 0 misread as 8 back as 0, day first on a £ receipt, less surely", () => {
    // Prepare: DATE 89/05/2024 can be no date as printed; the RETURN BY date is not the purchase.
    const response = analyzeExpenseOfText(ocrReceipt("uk-photo-misread-date"));

    // Act
    const reading = normaliseExpense(response, "local");

    // Assess: answered as repaired, so that the normaliser reads the same date.
    expect(summaryField(response, "INVOICE_RECEIPT_DATE").ValueDetection?.Text).toBe("09/05/2024");
    expect(reading.date?.value).toBe("2024-05-09");
    expect(reading.date?.confidence).toBeLessThan(0.6);
  });

  it("reads a leading 0 misread as 9 back as 0, month first where only that order is a date", () => {
    const reading = readingOf("us-photo-misread-date");
    expect(reading.date?.value).toBe("2025-01-23");
    expect(reading.date?.confidence).toBeLessThan(0.7);
  });
});

describe("cash, change and unit prices are never the total", () => {
  it("takes the unlabelled $-marked amount that cash less change confirms, not TENDERE or CHANGF", () => {
    // Prepare: the TOTAL label lost to the page's edge ("g $41.55"), cash and change garbled.
    const response = analyzeExpenseOfText(ocrReceipt("us-photo-cash-labels-garbled"));

    // Act
    const reading = normaliseExpense(response, "local");

    // Assess: 60.00 - 18.45 = 41.55; a guess, and it says so.
    expect(reading.total?.value).toBe(41.55);
    expect(reading.total?.confidence).toBeLessThan(0.6);
    expect(summaryField(response, "TOTAL").LabelDetection).toBeUndefined();
  });

  it("answers no total rather than a quantity line's unit price when every amount was lost", () => {
    const reading = readingOf("us-photo-amounts-lost");
    expect(reading.total).toBeNull();
  });

  it("takes the nameless amount under the items that is their sum, not the larger cash line", () => {
    const reading = readingOf("nl-photo-lost-labels");
    expect(reading.total?.value).toBe(6.45);
    expect(reading.total?.confidence).toBeLessThan(0.6);
  });
});

describe("a currency printed nowhere", () => {
  it("guesses EUR from decimal commas and a DD.MM.YY date, as a guess", () => {
    // Prepare: half the amounts read with a point, so the decimal comma alone does not win.
    const reading = readingOf("de-photo-no-currency");

    // Assess
    expect(reading.currency?.value).toBe("EUR");
    expect(reading.currency?.confidence).toBeGreaterThanOrEqual(0.4);
    expect(reading.currency?.confidence).toBeLessThanOrEqual(0.6);
    expect(reading.date?.value).toBe("2023-06-14");
  });

  it("guesses GBP from VAT and a DD/MM/YYYY date without a £, and reads the date day first", () => {
    const reading = readingOf("uk-photo-no-pound-sign");
    expect(reading.currency?.value).toBe("GBP");
    expect(reading.currency?.confidence).toBeLessThan(0.6);
    expect(reading.date?.value).toBe("2024-04-07");
  });

  it("reports the guess, and reads the date in its order, on a receipt whose every amount was lost", () => {
    // Prepare: the amount column cut off; VAT and DATE 09/10/23 are all that says where.
    const reading = readingOf("uk-photo-amounts-lost");

    // Assess
    expect(reading.total).toBeNull();
    expect(reading.currency).toEqual({ value: "GBP", confidence: 0.45 });
    expect(reading.date?.value).toBe("2023-10-09");
  });

  it("guesses USD from a date only month first reads, without VAT or decimal commas", () => {
    const reading = normaliseExpense(
      analyzeExpenseOfText(
        ocrPagesOfText("FERRY LANDING DELI\nTurkey Club 8.95\nTOTAL 8.95\n10/21/2024 12:02"),
      ),
      "local",
    );
    expect(reading.currency?.value).toBe("USD");
    expect(reading.currency?.confidence).toBeLessThan(0.6);
  });
});

describe("the merchant of a photographed header", () => {
  it("takes the line after a WELCOME TO that lost its start, never the greeting", () => {
    const reading = readingOf("us-photo-welcome-cut", 95);
    expect(reading.merchant?.value).toBe("Riverbend Pharmacy");
    // The address lines around it are cut off too: sure, but not as sure as on a clean scan.
    expect(reading.merchant?.confidence).toBeLessThan(0.8);
  });

  it("is unsure of a name whose first word lost its start", () => {
    const reading = readingOf("fr-photo-cut-name", 98);
    expect(reading.merchant?.value).toBe("rie du Marché");
    expect(reading.merchant?.confidence).toBeLessThan(0.8);
  });

  it("is unsure of a clean name in a header whose other lines are cut and speckled", () => {
    // Prepare: the same header read cleanly, for comparison.
    const noisy = readingOf("fr-photo-noisy-header", 98);
    const clean = normaliseExpense(
      analyzeExpenseOfText(ocrPagesOfText("QUINCAILLERIE\nZA des Pins\n44300 Nantes\nTOTAL TTC 8,12", 98)),
      "local",
    );

    // Assess
    expect(noisy.merchant?.value).toBe("QUINCAILLERIE");
    expect(noisy.merchant?.confidence).toBeLessThan(0.8);
    expect(clean.merchant?.confidence).toBeGreaterThan(0.85);
  });

  it("skips addresses the photo garbled: a cut house number, look-alike digits, a street named first", () => {
    // Prepare: the name line lost to the photo's edge; what is left of the header is address.
    const pages = ocrPagesOfText(
      "lain St\nl4 High Street\nPhoenix, AZ 850I6\nAv. de la Constitución 14\nMILK 1.29\nTOTAL 1.29",
    );

    // Act
    const reading = normaliseExpense(analyzeExpenseOfText(pages), "local");

    // Assess
    expect(reading.merchant).toBeNull();
  });

  it("takes a big bold name OCR read at a low confidence when no other line is a name, at that confidence", () => {
    // Prepare: bold print often reads at a low confidence; its address lines read well.
    const lines: OcrLine[] = [
      { text: ". SEASIDE HARDWARE", confidence: 29 },
      { text: "77 Harbor Blvd", confidence: 96 },
      { text: "Santa Cruz, CA 95060", confidence: 95 },
      { text: "TOTAL $43.81", confidence: 96 },
    ];

    // Act
    const reading = normaliseExpense(analyzeExpenseOfText([lines]), "local");

    // Assess
    expect(reading.merchant?.value).toBe("SEASIDE HARDWARE");
    expect(reading.merchant?.confidence).toBeLessThan(0.3);
  });
});

describe("totals OCR misread", () => {
  it("takes the amount subtotal, items and card agree on over a labelled total one digit off", () => {
    // Prepare: BALANCE DUE $26.75 read as "BALANCE pyg $86.75".
    const response = analyzeExpenseOfText(ocrReceipt("us-photo-misread-total"));

    // Act
    const reading = normaliseExpense(response, "local");

    // Assess
    expect(reading.total?.value).toBe(26.75);
    expect(reading.total?.confidence).toBeLessThan(0.7);
    expect(summaryFields(response, "TOTAL")).toHaveLength(1);
  });

  it("keeps a labelled total one digit off the subtotal when no payment confirms the subtotal", () => {
    // Prepare: the tax line lost; 40.47 + 0.30 = 40.77 differs in one digit only.
    const pages = ocrPagesOfText("HARBOR TOOLS\nWidget 20.00\nGadget 20.47\nSUBTOTAL 40.47\nTOTAL 40.77");

    // Act
    const reading = normaliseExpense(analyzeExpenseOfText(pages), "local");

    // Assess
    expect(reading.total?.value).toBe(40.77);
  });

  it("is less sure of a labelled total that cash less change contradicts", () => {
    const totalOf = (change: string) =>
      normaliseExpense(
        analyzeExpenseOfText(ocrPagesOfText(`KIOSK\nTOTAL 12.50\nCASH 20.00\nCHANGE ${change}`, 95)),
        "local",
      ).total;
    expect(totalOf("7.50")?.confidence).toBeGreaterThan(0.9);
    expect(totalOf("5.50")).toMatchObject({ value: 12.5, confidence: expect.any(Number) });
    expect(totalOf("5.50")?.confidence).toBeLessThan(0.8);
  });

  it("takes the subtotal as the total when cash less change equals it and the total line is unreadable", () => {
    // Prepare: "Summe 9,62" read as "Summe 9562", and the change's label split ("RUC kgeld").
    const reading = readingOf("de-photo-total-line-lost");

    // Assess
    expect(reading.total?.value).toBe(9.62);
    expect(reading.total?.confidence).toBeLessThan(0.6);
    expect(reading.date?.value).toBe("2025-01-06");
  });

  it("is unsure of a labelled total cut off before its cents ($1 on a receipt that prints cents)", () => {
    const reading = readingOf("us-photo-total-cut-off", 95);
    expect(reading.total?.value).toBe(1);
    expect(reading.total?.confidence).toBeLessThan(0.5);
  });
});
