import { describe, expect, it } from "vitest";
import { planReceipts } from "../src/receipt-plan.ts";
import {
  type BatchCounts,
  compareWithPlan,
  explainShortfall,
  outcomesOf,
  summarisePeak,
  summaryLine,
} from "../src/summary.ts";

const batchOf = (counts: Partial<BatchCounts>): BatchCounts => ({
  expected: 0,
  processed: 0,
  failed: 0,
  stored: 0,
  duplicate: 0,
  invalid: 0,
  ...counts,
});

describe("summarisePeak and summaryLine", () => {
  it("prints the one JSON line with its keys in the documented order", () => {
    // Prepare
    const batch = batchOf({
      expected: 200,
      processed: 199,
      failed: 1,
      stored: 170,
      duplicate: 16,
      invalid: 13,
    });

    // Act
    const { summary, problems } = summarisePeak({
      receipts: 200,
      batch,
      notUploaded: 0,
      rowsInDatabase: 170,
      maxDbConnections: 2,
      cap: 2,
      seconds: 61.234,
    });

    // Assess
    expect(summaryLine(summary)).toBe(
      '{"receipts":200,"stored":170,"duplicates":16,"invalid":13,"failed":1,"lost":0,"max_db_connections":2,"cap":2,"seconds":61.2}',
    );
    expect(problems).toEqual([]);
  });

  it("counts receipts without an outcome and stored receipts missing from PostgreSQL as lost", () => {
    const { summary, withoutOutcome, storedNotDelivered, problems } = summarisePeak({
      receipts: 100,
      batch: batchOf({ expected: 100, processed: 100, stored: 80, duplicate: 5, invalid: 5 }),
      notUploaded: 0,
      rowsInDatabase: 77,
      maxDbConnections: 2,
      cap: 2,
      seconds: 10,
    });

    expect(withoutOutcome).toBe(10);
    expect(storedNotDelivered).toBe(3);
    expect(summary.lost).toBe(13);
    expect(problems).toHaveLength(2);
  });

  it("counts uploads that never reached S3 as failed, not lost", () => {
    const { summary } = summarisePeak({
      receipts: 10,
      batch: batchOf({ expected: 8, processed: 8, stored: 8 }),
      notUploaded: 2,
      rowsInDatabase: 8,
      maxDbConnections: 1,
      cap: 2,
      seconds: 3,
    });

    expect(summary).toMatchObject({ failed: 2, lost: 0 });
  });

  it("takes the rows in PostgreSQL as stored when the batch counter missed an increment, and notes it", () => {
    const { summary, counterShortfall, problems, notes } = summarisePeak({
      receipts: 200,
      batch: batchOf({ expected: 200, processed: 199, failed: 1, stored: 168, duplicate: 16, invalid: 14 }),
      notUploaded: 0,
      rowsInDatabase: 169,
      maxDbConnections: 2,
      cap: 2,
      seconds: 60,
    });

    expect(summary).toMatchObject({ stored: 169, lost: 0 });
    expect(counterShortfall).toBe(1);
    expect(problems).toEqual([]);
    expect(notes).toEqual([
      "the batch's stored counter says 168 but 169 of its receipts are rows in PostgreSQL: the counter missed 1 increment(s) (stored counts the rows)",
    ]);
  });

  it("fails a run whose delivery sessions went above the cap", () => {
    const { problems } = summarisePeak({
      receipts: 1,
      batch: batchOf({ expected: 1, processed: 1, stored: 1 }),
      notUploaded: 0,
      rowsInDatabase: 1,
      maxDbConnections: 3,
      cap: 2,
      seconds: 1,
    });

    expect(problems).toEqual(["3 delivery sessions at once, above the cap of 2"]);
  });
});

describe("compareWithPlan", () => {
  const plan = planReceipts(100, { seed: "compare", today: new Date("2026-01-15T00:00:00Z") });
  const storedRows = plan.receipts
    .filter((receipt) => receipt.expected === "stored")
    .map((receipt) => ({
      merchant: receipt.hints.merchant,
      date: receipt.hints.date,
      totalMinor: Math.round(receipt.hints.total * (receipt.hints.currency === "JPY" ? 1 : 100)),
      currency: receipt.hints.currency,
    }));

  it("finds nothing when the counts and the delivered rows are the plan's", () => {
    expect(compareWithPlan(plan, plan.expected, storedRows)).toEqual([]);
  });

  it("names every count that is off and rows that match no planned receipt", () => {
    const outcomes = {
      ...plan.expected,
      stored: plan.expected.stored + 1,
      duplicate: plan.expected.duplicate - 1,
    };
    const rows = [
      ...storedRows.slice(1),
      { merchant: "Nobody", date: "2026-01-01", totalMinor: 1, currency: "EUR" },
    ];

    expect(compareWithPlan(plan, outcomes, rows)).toEqual([
      `stored: ${plan.expected.stored + 1}, the plan expects ${plan.expected.stored}`,
      `duplicate: ${plan.expected.duplicate - 1}, the plan expects ${plan.expected.duplicate}`,
      "1 row(s) in PostgreSQL match no receipt the plan stores",
      "1 receipt(s) the plan stores have no matching row in PostgreSQL",
    ]);
  });

  it("turns the batch counters into plan outcomes, uploads that never reached S3 as failed", () => {
    expect(outcomesOf(batchOf({ stored: 3, duplicate: 1, invalid: 2, failed: 1 }), 2)).toEqual({
      stored: 3,
      duplicate: 1,
      invalid: 2,
      failed: 3,
    });
  });
});

describe("explainShortfall", () => {
  it("blames the receipt workflow when processed receipts have no outcome", () => {
    const reasons = explainShortfall({
      receipts: 30,
      uploaded: 30,
      batch: batchOf({ expected: 30, processed: 30 }),
      rowsInDatabase: 0,
    });

    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^30 processed receipt\(s\) have no receipt-workflow outcome/);
  });

  it("blames delivery when stored receipts are not rows, and the image stage when uploads were not processed", () => {
    const reasons = explainShortfall({
      receipts: 30,
      uploaded: 30,
      batch: batchOf({ expected: 30, processed: 25, failed: 1, stored: 20, duplicate: 2, invalid: 3 }),
      rowsInDatabase: 12,
    });

    expect(reasons).toEqual([
      "4 upload(s) were not processed by the image stage (thumbnail, from the uploads queue)",
      "8 stored receipt(s) are not in PostgreSQL: receipt-delivery (delivery queue -> DATABASE_URL) did not write them",
    ]);
  });

  it("says nothing when nothing is missing", () => {
    expect(
      explainShortfall({
        receipts: 3,
        uploaded: 3,
        batch: batchOf({ expected: 3, processed: 3, stored: 2, duplicate: 1 }),
        rowsInDatabase: 2,
      }),
    ).toEqual([]);
  });
});
