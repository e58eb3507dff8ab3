import { describe, expect, it } from "vitest";
import { CURRENCY_MINOR_UNITS, formatMajorUnits, toMinorUnits } from "../src/index.ts";

describe("formatMajorUnits", () => {
  it.each([
    [1250, "USD", "12.50"],
    [5, "EUR", "0.05"],
    [0, "USD", "0.00"],
    [-1999, "GBP", "-19.99"],
    [1200, "JPY", "1200"],
    [-7, "KRW", "-7"],
    [12345, "BHD", "12.345"],
    [5, "KWD", "0.005"],
    [10000, "CLF", "1.0000"],
    [Number.MAX_SAFE_INTEGER, "USD", "90071992547409.91"],
  ])("writes %i %s as %s, with exactly the currency's decimals", (minor, currency, written) => {
    expect(formatMajorUnits(minor, currency)).toBe(written);
  });

  it("is the inverse of toMinorUnits for every currency", () => {
    for (const currency of Object.keys(CURRENCY_MINOR_UNITS)) {
      for (const minor of [0, 1, 99, 1234567, -42]) {
        expect(toMinorUnits(Number(formatMajorUnits(minor, currency)), currency)).toBe(minor);
      }
    }
  });

  it("refuses an unknown currency and a fractional amount instead of guessing", () => {
    expect(() => formatMajorUnits(100, "XXX")).toThrow(/XXX is not an ISO 4217 currency code/);
    expect(() => formatMajorUnits(1.5, "USD")).toThrow(RangeError);
  });
});
