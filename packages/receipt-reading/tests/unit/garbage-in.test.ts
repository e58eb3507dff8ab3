import { ReceiptReadingSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { analyzeExpenseOfText, normaliseExpense, type OcrLine } from "../../src/index.ts";

/** A small deterministic generator (mulberry32): the same garbage on every run. */
const randomSource = (seed: number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

// What tesseract makes of a crumpled receipt: receipt words, digits, separators, symbols, noise.
const PIECES = [
  "TOTAL",
  "T0TAL",
  "SUBTOTAL",
  "TAX",
  "MwSt",
  "CASH",
  "CHANGE",
  "VISA",
  "SUMME",
  "EUR",
  "$",
  "€",
  "£",
  "¥",
  "12.50",
  "1,234.56",
  "1.234,56",
  "-",
  "(",
  ")",
  "%",
  "x",
  "@",
  "/",
  ".",
  ",",
  ":",
  "14.03.25",
  "03/04/2025",
  "O",
  "S",
  "l",
  "0",
  "7",
  "99",
  "2025",
  "Mar",
  "ü",
  "ß",
  "合計",
  "\t",
  "  ",
  "*****",
  "=",
  "#",
];

const garbagePages = (seed: number): OcrLine[][] => {
  const random = randomSource(seed);
  const pick = () => PIECES[Math.floor(random() * PIECES.length)] ?? "";
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
    Array.from({ length: Math.floor(random() * 40) }, () => ({
      text: Array.from({ length: 1 + Math.floor(random() * 8) }, pick).join(random() < 0.7 ? " " : ""),
      confidence: random() * 120 - 10,
    })),
  );
};

describe("garbage in", () => {
  it("never throws, and every reading passes the schema", () => {
    for (let seed = 1; seed <= 120; seed++) {
      // Act
      const reading = normaliseExpense(analyzeExpenseOfText(garbagePages(seed)), "local");

      // Assess
      const parsed = ReceiptReadingSchema.safeParse(reading);
      expect(parsed.success, `seed ${seed}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
