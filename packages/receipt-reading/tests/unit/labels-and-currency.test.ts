import { describe, expect, it } from "vitest";
import { currencyCodesIn, receiptCurrencyOf } from "../../src/currency.ts";
import { labelOf } from "../../src/labels.ts";
import { NO_LOCALE_CUES } from "../../src/locale-cues.ts";

describe("labelOf", () => {
  it.each([
    ["TOTAL", "total"],
    ["GRAND TOTAL", "total"],
    ["AMOUNT DUE", "total"],
    ["BALANCE DUE", "total"],
    ["TO PAY", "total"],
    ["SUMME EUR", "total"],
    ["zu zahlen", "total"],
    ["Gesamtbetrag", "total"],
    ["TOTAL TTC", "total"],
    ["NET À PAYER", "total"],
    ["Total incl. VAT", "total"],
    ["SUBTOTAL", "subtotal"],
    ["SUB-TOTAL", "subtotal"],
    ["Sub Total", "subtotal"],
    ["TOTAL HT", "subtotal"],
    ["Zwischensumme", "subtotal"],
    ["TAX 1", "tax"],
    ["VAT 20%", "tax"],
    ["MwSt 19%", "tax"],
    ["TVA 5,5%", "tax"],
    ["TOTAL TAX", "tax"],
    ["Summe MwSt", "tax"],
    ["VISA ************4242", "card"],
    ["Geg. EC-Karte EUR", "card"],
    ["CB", "card"],
    ["CONTACTLESS", "card"],
    ["CASH TEND", "cash"],
    ["CASH", "cash"],
    ["Bar", "cash"],
    ["CHANGE", "change"],
    ["CHANGE DUE", "change"],
    ["Rückgeld", "change"],
    ["RENDU MONNAIE", "change"],
    ["YOU SAVED", "savings"],
    ["TOTAL SAVINGS", "savings"],
    ["RABATT", "discount"],
    ["COUPON", "discount"],
    ["REWARDS POINTS EARNED", "points"],
    ["Clubcard points", "points"],
    ["# ITEMS SOLD", "count"],
    ["TOTAL NUMBER OF ITEMS SOLD", "count"],
    ["ST# 1234 OP# 00001", "reference"],
    ["Auth code:", "reference"],
    ["TEL", "reference"],
  ])("reads %s as %s", (words, kind) => {
    expect(labelOf(words)?.kind).toBe(kind);
  });

  it.each([["T0TAL"], ["TOTA1"], ["TOTAI"], ["5UMME"]])(
    "reads the OCR-noisy %s as a total, leniently",
    (words) => {
      expect(labelOf(words)).toMatchObject({ kind: "total", lenient: true });
    },
  );

  it.each([
    ["CHOCOLATE BAR"],
    ["CASHEWS"],
    ["GREETING CARD"],
    ["STORE BRAND MILK"],
    ["DIVA SHAMPOO"],
    ["Latte"],
    ["SERVICE CHARGE"],
    ["CHARGE"],
    ["SUMMER SALAD"],
    ["PESTO GENOVESE"],
    ["PINTS LAGER"],
    ["SAVER PACK"],
    ["CHANGES"],
  ])("sees no label in the item %s", (words) => {
    expect(labelOf(words)).toBeUndefined();
  });

  it.each([
    ["CASII", "cash"],
    ["CASII TENDERED", "cash"],
  ])("reads %s (H read as II) as %s, leniently", (words, kind) => {
    expect(labelOf(words)).toMatchObject({ kind, lenient: true, fuzzy: false });
  });

  it.each([
    ["CHANGF", "change"],
    ["TENDERE", "cash"],
    ["HANGE DUE", "change"],
    ["RUC kgeld", "change"],
    ["rickgeld", "change"],
    ["ESPFCES", "cash"],
    ["Subtot al", "subtotal"],
    ["SustoraL", "subtotal"],
    ["voy SAvep", "savings"],
    ["POSITIONFN", "count"],
  ])("reads the garbled %s as %s, fuzzily", (words, kind) => {
    expect(labelOf(words)?.kind).toBe(kind);
  });

  it("marks a fuzzy match as one, and never reads a total fuzzily", () => {
    expect(labelOf("CHANGF")).toMatchObject({ kind: "change", fuzzy: true, lenient: true });
    expect(labelOf("TOTAI")?.fuzzy).toBe(false);
    expect(labelOf("GRAND TOTAX")?.kind).not.toBe("total");
  });

  it("reads a TOTAL behind a cut-off SUB as the subtotal", () => {
    expect(labelOf("UB TOTAL")?.kind).toBe("subtotal");
    expect(labelOf("OUS-TOTAL")?.kind).toBe("subtotal");
    expect(labelOf("GRAND TOTAL")?.kind).toBe("total");
    expect(labelOf("AU TOTAL")?.kind).toBe("total");
  });
});

describe("receiptCurrencyOf", () => {
  it("takes the currency the receipt prints most", () => {
    expect(
      receiptCurrencyOf(
        [
          { code: "EUR", certainty: 0.95 },
          { code: "EUR", certainty: 0.97 },
        ],
        ",",
      ),
    ).toEqual({
      code: "EUR",
      certainty: 0.97,
    });
  });

  it("reads a bare $ as the dollar a printed code names", () => {
    expect(
      receiptCurrencyOf([{ code: "USD", certainty: 0.85 }, ...currencyCodesIn("TOTAL CAD")], ".")?.code,
    ).toBe("CAD");
  });

  it("guesses EUR from a decimal comma alone, and says it is a guess", () => {
    const guess = receiptCurrencyOf([], ",");
    expect(guess?.code).toBe("EUR");
    expect(guess?.certainty).toBeLessThan(0.5);
  });

  it("answers no currency without any cue", () => {
    expect(receiptCurrencyOf([], ".")).toBeUndefined();
    expect(receiptCurrencyOf([], undefined)).toBeUndefined();
    expect(receiptCurrencyOf([], ".", { ...NO_LOCALE_CUES, vat: true })).toBeUndefined();
  });

  it.each([
    ["decimal commas and a day-first date", ".", { decimalCommaWeight: 2, dayFirstDate: true }, "EUR", 0.5],
    ["VAT and a DD/MM date, no decimal comma", ".", { vat: true, slashedDayFirstDate: true }, "GBP", 0.45],
    ["a date only month first reads", ".", { monthFirstDate: true }, "USD", 0.45],
  ] as const)("guesses from %s", (_cues, separator, cues, code, certainty) => {
    expect(receiptCurrencyOf([], separator, { ...NO_LOCALE_CUES, ...cues })).toEqual({ code, certainty });
  });

  it("guesses nothing from cues that disagree", () => {
    // A month-first date on a receipt that prints VAT, and one decimal comma (a misread point).
    const cues = { ...NO_LOCALE_CUES, vat: true, monthFirstDate: true, slashedDayFirstDate: true };
    expect(receiptCurrencyOf([], ".", cues)).toBeUndefined();
    expect(
      receiptCurrencyOf([], ".", { ...NO_LOCALE_CUES, decimalCommaWeight: 1, dayFirstDate: true }),
    ).toBeUndefined();
  });

  it("prefers any printed marker to a guess", () => {
    const cues = { ...NO_LOCALE_CUES, decimalCommaWeight: 4, dayFirstDate: true };
    expect(receiptCurrencyOf([{ code: "CHF", certainty: 0.97 }], ",", cues)?.code).toBe("CHF");
  });

  it("is less sure when the receipt prints two currencies", () => {
    const mixed = receiptCurrencyOf(
      [
        { code: "EUR", certainty: 0.95 },
        { code: "EUR", certainty: 0.95 },
        { code: "CHF", certainty: 0.97 },
      ],
      ",",
    );
    expect(mixed?.code).toBe("EUR");
    expect(mixed?.certainty).toBeLessThan(0.95);
  });

  it("does not read everyday words that are also ISO codes as currencies", () => {
    expect(currencyCodesIn("ALL DAY CUP TOP PEN")).toEqual([]);
  });
});
