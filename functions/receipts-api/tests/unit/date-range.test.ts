import {
  daysBetween,
  MAX_EXPORT_DAYS,
  ReceiptExportQuerySchema,
  ReceiptListQuerySchema,
} from "@shoebox/schemas";
import { describe, expect, it } from "vitest";

const issuesOf = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);

describe("daysBetween", () => {
  it.each([
    ["2026-03-01", "2026-03-01", 0],
    ["2024-01-01", "2024-12-31", 365],
    ["2025-01-01", "2026-01-01", 365],
    ["2024-01-01", "2025-01-01", 366],
    // Across a DST change in many zones: the count is of UTC days.
    ["2026-03-28", "2026-03-30", 2],
    ["2026-02-01", "2026-01-01", -31],
  ])("counts %s to %s as %i days", (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe("ReceiptExportQuerySchema", () => {
  it("takes a range up to MAX_EXPORT_DAYS (366) apart, one day included", () => {
    expect(MAX_EXPORT_DAYS).toBe(366);
    expect(ReceiptExportQuerySchema.parse({ from: "2024-01-01", to: "2025-01-01" })).toEqual({
      from: "2024-01-01",
      to: "2025-01-01",
    });
    expect(ReceiptExportQuerySchema.safeParse({ from: "2026-05-05", to: "2026-05-05" }).success).toBe(true);
  });

  it("refuses a range 367 days apart, saying to export it in parts", () => {
    const result = ReceiptExportQuerySchema.safeParse({ from: "2024-01-01", to: "2025-01-02" });

    expect(issuesOf(result)).toEqual([
      "to: from and to must be at most 366 days apart: export a longer period in parts",
    ]);
  });

  it("refuses from after to", () => {
    const result = ReceiptExportQuerySchema.safeParse({ from: "2026-02-01", to: "2026-01-31" });

    expect(issuesOf(result)).toEqual(["from: from must not be after to"]);
  });

  it.each([
    ["no to", { from: "2026-01-01" }, /^to: /],
    ["no from", { to: "2026-01-01" }, /^from: /],
    ["a date that does not exist", { from: "2026-02-30", to: "2026-03-01" }, /^from: /],
    ["a date time instead of a date", { from: "2026-01-01T00:00:00Z", to: "2026-03-01" }, /^from: /],
    ["a date in another format", { from: "01/02/2026", to: "2026-03-01" }, /^from: /],
  ])("refuses %s", (_, query, issue) => {
    const issues = issuesOf(ReceiptExportQuerySchema.safeParse(query));

    expect(issues).not.toHaveLength(0);
    expect(issues[0]).toMatch(issue);
  });
});

describe("ReceiptListQuerySchema", () => {
  it("pages 50 receipts at a time unless told, with no filter", () => {
    expect(ReceiptListQuerySchema.parse({})).toEqual({ limit: 50 });
  });

  it("takes a limit from 1 to 100, a date range, a status and a cursor", () => {
    expect(
      ReceiptListQuerySchema.parse({
        limit: "100",
        from: "2026-01-01",
        to: "2026-01-31",
        status: "FAILED",
        cursor: "abc",
      }),
    ).toEqual({ limit: 100, from: "2026-01-01", to: "2026-01-31", status: "FAILED", cursor: "abc" });
    expect(ReceiptListQuerySchema.parse({ from: "2026-01-01" })).toEqual({ limit: 50, from: "2026-01-01" });
  });

  it.each([
    ["limit 0", { limit: "0" }, /^limit: /],
    ["limit 101", { limit: "101" }, /^limit: /],
    ["a limit that is no whole number", { limit: "2.5" }, /^limit: /],
    ["an unknown status", { status: "PENDING" }, /^status: /],
    ["from after to", { from: "2026-02-01", to: "2026-01-01" }, /^from: from must not be after to$/],
    ["an empty cursor", { cursor: "" }, /^cursor: /],
  ])("refuses %s", (_, query, issue) => {
    const issues = issuesOf(ReceiptListQuerySchema.safeParse(query));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(issue);
  });
});
