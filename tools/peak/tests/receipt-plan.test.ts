import { CURRENCY_MINOR_UNITS, toMinorUnits } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { matchKeyOf, planReceipts } from "../src/receipt-plan.ts";

const today = new Date("2026-01-15T09:00:00Z");

describe("planReceipts", () => {
  it("plans about 85 % new receipts, 8 % duplicates, 7 % invalid and 0.5 % unreadable images", () => {
    // Act
    const plan = planReceipts(2000, { seed: "bench", today });

    // Assess
    expect(plan.receipts).toHaveLength(2000);
    expect(plan.expected).toEqual({ stored: 1690, duplicate: 160, invalid: 140, failed: 10 });
    const count = (variant: string) => plan.receipts.filter((receipt) => receipt.variant === variant).length;
    expect(count("same-image")).toBe(120);
    expect(count("same-receipt")).toBe(40);
    expect(count("future-date")).toBeGreaterThanOrEqual(46);
    expect(count("non-positive-total")).toBeGreaterThanOrEqual(46);
    expect(count("unknown-currency")).toBeGreaterThanOrEqual(46);
  });

  it("is the same plan for the same seed and day, and another for another seed", () => {
    const first = planReceipts(300, { seed: "s1", today });
    const again = planReceipts(300, { seed: "s1", today });
    const other = planReceipts(300, { seed: "s2", today });

    expect(again).toEqual(first);
    expect(other.receipts.map((receipt) => receipt.hints)).not.toEqual(
      first.receipts.map((receipt) => receipt.hints),
    );
  });

  it("makes every duplicate repeat an earlier stored receipt: its hints, and for same-image its paper", () => {
    const plan = planReceipts(1000, { seed: "dups", today });

    const duplicates = plan.receipts.filter((receipt) => receipt.expected === "duplicate");
    expect(duplicates.length).toBe(80);
    for (const duplicate of duplicates) {
      const original = plan.receipts[duplicate.original as number];
      expect(original?.index).toBeLessThan(duplicate.index);
      expect(original?.expected).toBe("stored");
      expect(duplicate.hints).toEqual(original?.hints);
      if (duplicate.variant === "same-image") expect(duplicate.paperSeed).toBe(original?.paperSeed);
      else expect(duplicate.paperSeed).not.toBe(original?.paperSeed);
    }
  });

  it("never lets two new receipts match by merchant, date, total and currency", () => {
    const plan = planReceipts(2000, { seed: "bench", today });

    const keys = plan.receipts
      .filter((receipt) => receipt.variant === "unique")
      .map((receipt) => matchKeyOf(receipt.hints));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("declares valid hints for stored receipts and breaks exactly one rule for invalid ones", () => {
    const plan = planReceipts(1000, { seed: "rules", today });

    for (const receipt of plan.receipts) {
      const { date, total, currency } = receipt.hints;
      const known = Object.hasOwn(CURRENCY_MINOR_UNITS, currency);
      const broken = {
        "future-date": date > "2026-01-16",
        "non-positive-total": total <= 0,
        "unknown-currency": !known,
      };
      if (receipt.expected === "stored") {
        expect(Object.values(broken)).toEqual([false, false, false]);
        expect(toMinorUnits(total, currency)).toBeDefined();
        expect(date >= "2025-11-16" && date < "2026-01-15").toBe(true);
      }
      if (receipt.expected === "invalid") {
        const rules = Object.entries(broken).filter(([, isBroken]) => isBroken);
        expect(rules.map(([variant]) => variant)).toEqual([receipt.variant]);
        expect(receipt.problem).toBeTruthy();
      }
    }
  });

  it("makes the printed total the sum of the printed lines", () => {
    const plan = planReceipts(200, { seed: "sums", today });

    for (const { content } of plan.receipts) {
      const digits = CURRENCY_MINOR_UNITS[content.currency] ?? 2;
      const sum = content.lines.reduce(
        (total, line) => total + Math.round(line.price * line.quantity * 10 ** digits),
        0,
      );
      expect(Math.round(content.total * 10 ** digits)).toBe(sum);
      expect(content.lines.length).toBeGreaterThanOrEqual(3);
      expect(content.lines.length).toBeLessThanOrEqual(6);
    }
  });

  it("refuses a plan without receipts", () => {
    expect(() => planReceipts(0)).toThrow(/at least one receipt/);
  });
});
