import { describe, expect, it } from "vitest";
import { categoryOf } from "../../src/category.ts";
import { InvalidTransformInputError } from "../../src/errors.ts";
import { displayMerchantName } from "../../src/merchant-name.ts";
import { transformReceipt } from "../../src/transform-receipt.ts";

describe("displayMerchantName", () => {
  it.each([
    ["  WHOLE FOODS   MARKET  #10234 ", "Whole Foods Market"],
    ["SHELL STATION NO. 17", "Shell Station"],
    ["McDonald's", "McDonald's"],
    ["IKEA Store 221", "IKEA"],
    ["CAFÉ MÜLLER & SÖHNE", "Café Müller & Söhne"],
    ["#42", "#42"],
  ])("writes %j as %j", (merchant, display) => {
    expect(displayMerchantName(merchant)).toBe(display);
  });
});

describe("categoryOf", () => {
  it.each([
    ["whole-foods-market-10234", "groceries"],
    ["shell-station-17", "fuel"],
    ["mcdonald-s", "restaurants"],
    ["uber-trip", "transport"],
    ["zyx-gmbh", null],
  ])("files %s under %s", (merchantKey, category) => {
    expect(categoryOf(merchantKey)).toBe(category);
  });
});

describe("transformReceipt", () => {
  it("shapes a validated receipt for storage", () => {
    const receipt = {
      merchant: "BAHRAIN BOOKS",
      merchantKey: "bahrain-books",
      date: "2026-11-20",
      total: 1.234,
      totalMinor: 1234,
      currency: "BHD",
    };

    expect(transformReceipt({ receipt })).toEqual({
      merchant: "Bahrain Books",
      totalMinor: 1234,
      currency: "BHD",
      date: "2026-11-20",
      category: null,
    });
  });

  it("keeps the name as Validate passed it when its display form would be too long for the customer's table", () => {
    // Lower case doubles "İ" (i and a combining dot): 150 become 300 characters.
    const merchant = "İ".repeat(150);
    const receipt = {
      merchant,
      merchantKey: "i",
      date: "2026-11-20",
      total: 1,
      totalMinor: 100,
      currency: "EUR",
    };

    expect(displayMerchantName(merchant)).toHaveLength(300);
    expect(transformReceipt({ receipt }).merchant).toBe(merchant);
  });

  it("refuses what Validate never answers, with an error the state machine does not retry", () => {
    expect(() => transformReceipt({ receipt: { merchant: "x" } })).toThrow(InvalidTransformInputError);
  });
});
