import { describe, expect, it } from "vitest";
import {
  type AmountFormat,
  findPrintedAmounts,
  numberOf,
  parseAmountText,
  readAmounts,
} from "../../src/amounts.ts";
import { decimalSeparatorOf } from "../../src/decimal-separator.ts";
import { maskNonMoney } from "../../src/masks.ts";
import { repairOcrLine } from "../../src/ocr-text.ts";

const dot: AmountFormat = { decimalSeparator: ".", currencyCode: undefined };
const comma: AmountFormat = { decimalSeparator: ",", currencyCode: undefined };

/** The values of a line's money, as the offline reader sees the line. */
const moneyIn = (line: string, format: AmountFormat = dot) =>
  readAmounts(findPrintedAmounts(maskNonMoney(repairOcrLine(line))), format).map(
    ({ text, value, currency }) => ({
      text,
      value,
      currency: currency?.code,
    }),
  );

describe("amounts as receipts print them", () => {
  it.each([
    ["12.50", dot, 12.5],
    ["1,234.56", dot, 1234.56],
    ["1.234,56", comma, 1234.56],
    ["12,50", comma, 12.5],
    ["1'234.50", dot, 1234.5],
  ])("reads %s", (printed, format, value) => {
    expect(moneyIn(`ITEM ${printed}`, format)).toEqual([{ text: printed, value, currency: undefined }]);
  });

  it.each([
    ["€ 12,50", 12.5, "EUR"],
    ["12.50 EUR", 12.5, "EUR"],
    ["$12.50", 12.5, "USD"],
    ["£3.20", 3.2, "GBP"],
    ["CHF 7.40", 7.4, "CHF"],
    ["US$12.50", 12.5, "USD"],
    ["¥1,200", 1200, "JPY"],
  ])("reads %s with its currency", (printed, value, currency) => {
    expect(moneyIn(`TOTAL ${printed}`)).toEqual([{ text: printed, value, currency }]);
  });

  it.each([
    ["-1.00", -1],
    ["1.00-", -1],
    ["(1.00)", -1],
    ["($136.80)", -136.8],
    ["-$2.00", -2],
    ["- 0,50", -0.5],
  ])("reads the discount %s as negative", (printed, value) => {
    expect(moneyIn(`COUPON ${printed}`).map((amount) => amount.value)).toEqual([value]);
  });

  it("does not read a dash leader as a minus sign", () => {
    expect(moneyIn("TOTAL ------ 12.50").map((amount) => amount.value)).toEqual([12.5]);
  });

  it.each([
    ["a date", "14.03.25"],
    ["a time", "10:42"],
    ["a rate", "TAX 1 7.000 %"],
    ["a phone number", "555.123.4567"],
    ["a French phone number", "01.23.45.67.89"],
    ["a barcode", "000000004011"],
    ["a quantity", "Qty 2"],
    ["a weight", "0.92 kg"],
    ["a volume", "MILK 1.5 l"],
    ["a card number", "************4242"],
    ["loyalty points", "POINTS 1,234"],
  ])("does not read %s as money", (_what, line) => {
    expect(moneyIn(line)).toEqual([]);
  });

  it("reads a price per kilogram as a unit price, not a line's amount", () => {
    const [unit] = findPrintedAmounts(" 0,835 kg x 1,99 EUR/kg");
    expect(unit).toMatchObject({ text: "1,99 EUR/kg", perUnit: true, currency: { code: "EUR" } });
  });
});

describe("the receipt's decimal separator", () => {
  it("is decided by the amounts that show it, so an ambiguous 1,250 follows them", () => {
    // Prepare
    const continental = ["1,29", "2,49", "1,250"];
    const american = ["1.29", "2.49", "1,250"];

    // Act
    const continentalSeparator = decimalSeparatorOf(continental);
    const americanSeparator = decimalSeparatorOf(american);

    // Assess
    expect(continentalSeparator).toBe(",");
    expect(americanSeparator).toBe(".");
    // On a decimal-comma receipt 1,250 is a weight (three decimals), not money; on a US one, 1250.
    expect(numberOf("1,250", ",")).toEqual({ value: 1.25, decimals: 3 });
    expect(moneyIn("TV $1,250")).toEqual([{ text: "$1,250", value: 1250, currency: "USD" }]);
    expect(moneyIn("Kartoffeln 1,250", comma)).toEqual([]);
  });

  it("weighs numbers with both separators over single ones", () => {
    expect(decimalSeparatorOf(["1.234,56", "12.50"])).toBe(",");
    expect(decimalSeparatorOf(["1,234.56", "12,50"])).toBe(".");
  });

  it("is unknown when no number shows one", () => {
    expect(decimalSeparatorOf(["1200", "1,250"])).toBeUndefined();
  });

  it("reads an OCR-swapped separator with two decimals as the decimal point anyway", () => {
    expect(moneyIn("MILK 3,49", dot)).toEqual([{ text: "3,49", value: 3.49, currency: undefined }]);
  });
});

describe("OCR noise in amounts", () => {
  it.each([
    ["1O.5O", 10.5],
    ["S.00", 5],
    ["1S.00", 15],
    ["12. 50", 12.5],
    ["12 .50", 12.5],
    ["TOTAL.........12.50", 12.5],
    ["TOTAL: 12.50", 12.5],
  ])("reads %s", (line, value) => {
    expect(moneyIn(line).map((amount) => amount.value)).toEqual([value]);
  });

  it("reads a leading S as the dollar sign it was", () => {
    expect(moneyIn("TOTAL S12.50")).toEqual([{ text: "$12.50", value: 12.5, currency: "USD" }]);
  });

  it("reads a leading S before a decimal comma as the 5 it was: dollars have decimal points", () => {
    expect(repairOcrLine("SUMME S2,25")).toBe("SUMME 52,25");
  });

  it("leaves a litre a litre", () => {
    expect(repairOcrLine("Milch 1,5l")).toBe("Milch 1,5l");
  });
});

describe("parseAmountText (a value Textract read as an amount)", () => {
  it.each([
    ["$12.50", 12.5],
    ["12.50", 12.5],
    ["$2.5", 2.5],
    ["$1000", 1000],
    ["15", 15],
    ["TOTAL $1,234.56", 1234.56],
    ["($136.80)", -136.8],
  ])("reads %s", (text, value) => {
    expect(parseAmountText(text, dot)?.value).toBe(value);
  });

  it("reads nothing from a text without a number", () => {
    expect(parseAmountText("n/a", dot)).toBeUndefined();
  });
});
