import { describe, expect, it } from "vitest";
import { findPrintedDates, parseDateText } from "../../src/dates.ts";
import type { ReceiptLocale } from "../../src/locale.ts";

const usd: ReceiptLocale = { currency: { code: "USD", certainty: 0.85 }, decimalSeparator: "." };
const eur: ReceiptLocale = { currency: { code: "EUR", certainty: 0.95 }, decimalSeparator: "," };
const gbp: ReceiptLocale = { currency: { code: "GBP", certainty: 0.95 }, decimalSeparator: "." };
const noCue: ReceiptLocale = { currency: undefined, decimalSeparator: undefined };
const decimalCommaOnly: ReceiptLocale = { currency: undefined, decimalSeparator: "," };

describe("dates as receipts print them", () => {
  it.each([
    ["2025-03-14", "2025-03-14"],
    ["2025-03-14 10:42", "2025-03-14"],
    ["2025-03-14T10:42:13", "2025-03-14"],
    ["14/03/2025", "2025-03-14"],
    ["03/14/2025", "2025-03-14"],
    ["14.03.25", "2025-03-14"],
    ["14-03-2025", "2025-03-14"],
    ["Mar 14, 2025", "2025-03-14"],
    ["March 14 2025", "2025-03-14"],
    ["14 Mar 2025", "2025-03-14"],
    ["14-MAR-25", "2025-03-14"],
    ["14. März 2025", "2025-03-14"],
    ["14 mars 2025", "2025-03-14"],
    ["1er avril 2025", "2025-04-01"],
    ["Date: 14/03/2025 10:42", "2025-03-14"],
  ])("reads %s as %s, whatever the locale", (printed, iso) => {
    for (const locale of [usd, eur, noCue]) {
      expect(parseDateText(printed, locale)?.iso).toBe(iso);
    }
  });

  it("is sure of an order the printing fixes (a part above 12, a month name, ISO)", () => {
    expect(parseDateText("14/03/2025", usd)?.certainty).toBeGreaterThan(0.95);
    expect(parseDateText("Mar 14, 2025", usd)?.certainty).toBe(1);
    expect(parseDateText("2025-03-04", eur)?.certainty).toBe(1);
  });

  it("reads an ambiguous day and month in the order of the receipt's currency", () => {
    expect(parseDateText("03/04/2025", usd)).toEqual({ iso: "2025-03-04", certainty: 0.85 });
    expect(parseDateText("03/04/2025", gbp)).toEqual({ iso: "2025-04-03", certainty: 0.85 });
    expect(parseDateText("03.04.25", eur)).toEqual({ iso: "2025-04-03", certainty: 0.85 });
  });

  it("reads a decimal-comma receipt's ambiguous date day first, less surely than a currency would", () => {
    expect(parseDateText("03/04/2025", decimalCommaOnly)).toEqual({ iso: "2025-04-03", certainty: 0.75 });
  });

  it("without any locale cue, reads dots day first and slashes month first, unsure", () => {
    const dotted = parseDateText("03.04.2025", noCue);
    const slashed = parseDateText("03/04/2025", noCue);
    expect(dotted?.iso).toBe("2025-04-03");
    expect(slashed?.iso).toBe("2025-03-04");
    expect(slashed?.certainty).toBeLessThan(0.6);
  });

  it("answers the same day with certainty when both orders agree", () => {
    expect(parseDateText("05/05/2025", noCue)).toEqual({ iso: "2025-05-05", certainty: 1 });
  });

  it.each([["31/02/2025"], ["13/13/2025"], ["2025-02-30"], ["29/02/2025"], ["00/01/2025"], ["14/03/1890"]])(
    "rejects the impossible date %s",
    (printed) => {
      expect(parseDateText(printed, eur)).toBeUndefined();
    },
  );

  it("accepts the 29th of February in a leap year", () => {
    expect(parseDateText("29/02/2024", eur)?.iso).toBe("2024-02-29");
  });

  it("does not take amounts, times or phone numbers for dates", () => {
    expect(findPrintedDates("TOTAL 12.50 10:42 TEL 555-123-4567 1.234,56")).toEqual([]);
  });
});

describe("dates as OCR splits them", () => {
  it.each([
    ["06.01 .2025 15:06", "2025-01-06"],
    ["06.01. 2025", "2025-01-06"],
    ["18 07.2023 17:14 #45", "2023-07-18"],
    ["2025 -03-14", "2025-03-14"],
    ["2025-03- 14", "2025-03-14"],
  ])("reads %s as %s, as sure as the unsplit date", (printed, iso) => {
    expect(parseDateText(printed, eur)).toEqual({ iso, certainty: expect.any(Number) });
    expect(findPrintedDates(printed)[0]?.repaired).toBeUndefined();
  });

  it.each([["2 12.50"], ["2025. 12.50"], ["18 07 2023"], ["06.01 -2025"]])(
    "takes no date from %s: a quantity and an amount, or separators that disagree",
    (printed) => {
      expect(parseDateText(printed, eur)).toBeUndefined();
    },
  );
});

describe("dates whose 0 OCR read as 8 or 9", () => {
  it.each([
    ["86/04/2023", gbp, "2023-04-06", "06/04/2023"],
    ["91/17/2025", usd, "2025-01-17", "01/17/2025"],
    ["25.02.2925", eur, "2025-02-25", "25.02.2025"],
    ["99/24/2024", usd, "2024-09-24", "09/24/2024"],
    ["2925-03-14", eur, "2025-03-14", "2025-03-14"],
    ["Nov 81, 2025", usd, "2025-11-01", "Nov 01, 2025"],
  ])("reads the impossible %s as %s, less surely", (printed, locale, iso, repaired) => {
    const [date] = findPrintedDates(printed);
    expect(date).toMatchObject({ text: repaired, repaired: true });
    const read = parseDateText(printed, locale);
    expect(read?.iso).toBe(iso);
    expect(read?.certainty).toBeLessThanOrEqual(0.7);
  });

  it("repairs no date that is possible as printed, nor one whose impossibility no 8 or 9 explains", () => {
    // The 29th of February 2025 does not exist, but 29 is a day: not a misread, so no 20th.
    expect(parseDateText("29/02/2025", eur)).toBeUndefined();
    expect(parseDateText("13/13/2025", eur)).toBeUndefined();
    expect(parseDateText("14/03/1890", eur)).toBeUndefined();
    expect(parseDateText("19/08/2025", eur)).toEqual({ iso: "2025-08-19", certainty: 0.97 });
  });

  it("prefers a date read as printed to one that had to be repaired", () => {
    expect(parseDateText("89/05/2024 RETURN 03/06/2024", gbp)?.iso).toBe("2024-06-03");
  });
});
