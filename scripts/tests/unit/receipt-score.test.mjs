import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatLabelsCsv, LabelsFormatError, parseLabels } from "../../../bench/receipt-corpus/labels.mjs";
import { formatAmount, formatDate, locales } from "../../../bench/receipt-corpus/locales.mjs";
import { corpusLabels } from "../../../bench/receipt-corpus/receipts.mjs";
import {
  accuracyByGroup,
  labelCents,
  levenshtein,
  MERCHANT_THRESHOLD,
  merchantSimilarity,
  normaliseMerchant,
  sameCents,
  scoreReading,
} from "../../../bench/receipt-corpus/score.mjs";

const field = (value, confidence = 0.9) => ({ value, confidence });
const reading = (fields) => ({
  reader: "local",
  merchant: null,
  date: null,
  total: null,
  subtotal: null,
  tax: null,
  currency: null,
  lineItems: [],
  pages: 1,
  ...fields,
});
const label = {
  file: "r001.png",
  merchant: "Joe's Family Diner",
  date: "2025-03-14",
  total: "1234.56",
  currency: "USD",
};

describe("merchant similarity", () => {
  it("counts edits between strings by code point", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("café", "cafe")).toBe(1);
  });

  it("ignores case, punctuation and runs of spaces", () => {
    expect(normaliseMerchant("  JOE'S   Family-Diner! ")).toBe("joes familydiner");
    expect(merchantSimilarity("Joe's Family Diner", "JOES FAMILY DINER")).toBe(1);
    expect(merchantSimilarity("The Crown & Anchor", "THE CROWN ANCHOR")).toBe(1);
  });

  it("accepts an OCR slip such as a lost accent, and refuses a kept store number", () => {
    const lostUmlaut = merchantSimilarity("Bäckerei Sonnenkorn", "BACKEREI SONNENKORN");
    expect(lostUmlaut).toBeCloseTo(1 - 1 / 19, 5);
    expect(lostUmlaut).toBeGreaterThanOrEqual(MERCHANT_THRESHOLD);
    // "joes family diner" (17) -> "joes family diner 0412" (22): 5 edits, 1 - 5/22 = 0.77
    expect(merchantSimilarity("Joe's Family Diner", "JOE'S FAMILY DINER #0412")).toBeLessThan(
      MERCHANT_THRESHOLD,
    );
  });

  it("scores nothing read as 0 and another shop near 0", () => {
    expect(merchantSimilarity("Green Valley Market", null)).toBe(0);
    expect(merchantSimilarity("Green Valley Market", "Liberty Pharmacy")).toBeLessThan(0.3);
  });
});

describe("totals to the cent", () => {
  it("reads a label's amount without floating point", () => {
    expect(labelCents("4.35")).toBe(435); // 4.35 * 100 is 434.99999999999994
    expect(labelCents("1234.56")).toBe(123456);
    expect(labelCents("-0.50")).toBe(-50);
    expect(() => labelCents("12.5")).toThrow(/two decimals/);
  });

  it("matches a read number that is the amount up to float noise", () => {
    expect(sameCents("12.50", 12.5)).toBe(true);
    expect(sameCents("0.30", 0.1 + 0.2)).toBe(true);
    expect(sameCents("1234.56", 1234.56)).toBe(true);
  });

  it("refuses a cent off, nothing, and not-a-number", () => {
    expect(sameCents("12.50", 12.49)).toBe(false);
    expect(sameCents("12.50", 1250)).toBe(false);
    expect(sameCents("12.50", null)).toBe(false);
    expect(sameCents("12.50", Number.NaN)).toBe(false);
  });
});

describe("scoreReading", () => {
  it("judges each field on its own", () => {
    const score = scoreReading(
      label,
      reading({
        merchant: field("JOES FAMILY DINER"),
        date: field("2025-14-03"),
        total: field(1234.56),
        currency: field("USD"),
      }),
    );
    expect(score.correct).toEqual({ merchant: true, date: false, total: true, currency: true });
    expect(score.allFields).toBe(false);
  });

  it("misses every field when the reader failed", () => {
    const score = scoreReading(label, null);
    expect(score.correct).toEqual({ merchant: false, date: false, total: false, currency: false });
    expect(score.merchantSimilarity).toBe(0);
  });

  it("counts right and unread fields per style group, PDF and HEIC together", () => {
    const results = [
      { style: "clean", reading: reading({ total: field(1234.56) }) },
      { style: "photo", reading: null },
      { style: "pdf", reading: reading({ total: field(1) }) },
      { style: "heic", reading: reading({ total: field(1234.56) }) },
    ].map((result) => ({ ...result, score: scoreReading(label, result.reading) }));
    const accuracy = accuracyByGroup(results);
    expect(accuracy.clean.total).toEqual({ right: 1, unread: 0 });
    expect(accuracy.photo).toMatchObject({ receipts: 1, failedToRead: 1, total: { right: 0, unread: 1 } });
    expect(accuracy["pdf/heic"]).toMatchObject({ receipts: 2, total: { right: 1, unread: 0 } });
    expect(accuracy.all).toMatchObject({
      receipts: 4,
      total: { right: 2, unread: 1 },
      allFields: { right: 0 },
    });
  });
});

describe("labels.csv", () => {
  it("parses quoted fields with commas, doubled quotes, CRLF and a BOM, keeping extra columns", () => {
    const text =
      '\uFEFFfile,merchant,date,total,currency,style\r\nr1.png,"Smith, Jones & ""Co""",2025-03-14,12.50,EUR,clean\r\n\r\n';
    expect(parseLabels(text)).toEqual([
      {
        file: "r1.png",
        merchant: 'Smith, Jones & "Co"',
        date: "2025-03-14",
        total: "12.50",
        currency: "EUR",
        style: "clean",
      },
    ]);
  });

  it("reads back what formatLabelsCsv writes", () => {
    const rows = [
      {
        file: "a.png",
        merchant: "Joe's Family Diner",
        date: "2024-02-29",
        total: "1234.56",
        currency: "USD",
        style: "photo",
      },
      {
        file: "b.pdf",
        merchant: "Smith, Jones",
        date: "2023-01-01",
        total: "0.99",
        currency: "GBP",
        style: "pdf",
      },
    ];
    expect(parseLabels(formatLabelsCsv(rows))).toEqual(rows);
  });

  it("names the line of a value that is not in its form, and a missing column", () => {
    expect(() => parseLabels("file,merchant,date,total,currency\na.png,Shop,14/03/2025,12.50,EUR\n")).toThrow(
      /line 2: date "14\/03\/2025" is not a date YYYY-MM-DD/,
    );
    expect(() => parseLabels("file,merchant,date,total,currency\na.png,Shop,2025-03-14,12.5,EUR\n")).toThrow(
      LabelsFormatError,
    );
    expect(() => parseLabels("file,merchant,total,currency\n")).toThrow(/lacks the column\(s\) date/);
  });

  it("is committed as the generator plans it", () => {
    const committed = readFileSync(
      new URL("../../../bench/receipt-corpus/labels.csv", import.meta.url),
      "utf8",
    );
    const labels = corpusLabels();
    expect(formatLabelsCsv(labels)).toBe(committed);
    expect(labels.length).toBeGreaterThanOrEqual(60);
    expect(new Set(labels.map((row) => row.style))).toEqual(new Set(["clean", "photo", "pdf", "heic"]));
  });
});

describe("receipt formats", () => {
  it("prints amounts and dates as each country's tills do", () => {
    expect(formatAmount(locales.us, 123456)).toBe("1,234.56");
    expect(formatAmount(locales.de, 123456)).toBe("1.234,56");
    expect(formatAmount(locales.fr, 123456)).toBe("1 234,56");
    expect(formatDate("MM/DD/YYYY", "2025-03-14")).toBe("03/14/2025");
    expect(formatDate("DD.MM.YY", "2025-03-14")).toBe("14.03.25");
    expect(formatDate("Mon D, YYYY", "2025-03-04")).toBe("Mar 4, 2025");
  });
});
