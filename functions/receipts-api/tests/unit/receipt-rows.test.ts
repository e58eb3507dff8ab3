import type { ReceiptView } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { receiptColumns, receiptTable } from "../../src/receipt-rows.ts";

const STORED: ReceiptView = {
  photoId: "01JD3M7Z8K9Q4R5S6T7V8W9X0Y",
  status: "STORED",
  merchant: "Bäckerei Müller",
  date: "2026-01-15",
  totalMinor: 12345,
  currency: "BHD",
  category: "groceries",
  storedAt: "2026-01-16T08:00:00.000Z",
};

describe("the export's columns", () => {
  it("are the view's fields in its order, amounts named without their Minor suffix", () => {
    const headers = receiptColumns.map((column) => column.header);

    expect(headers.slice(0, 7)).toEqual([
      "photoId",
      "status",
      "merchant",
      "date",
      "total",
      "currency",
      "category",
    ]);
    expect(headers).not.toContain("totalMinor");
  });

  it("leave out the item's keys, its duplicate key, a failure's cause and the reader's raw output", () => {
    const headers = receiptColumns.map((column) => column.header);

    for (const hidden of ["ownerId", "sk", "merchantKey", "failureCause", "reading"]) {
      expect(headers).not.toContain(hidden);
    }
  });
});

describe("receiptTable", () => {
  it("writes amounts in major units with the currency's decimals and leaves absent fields empty", () => {
    // Prepare
    const failed: ReceiptView = {
      photoId: "01JD3M7Z8K9Q4R5S6T7V8W9X0Z",
      status: "FAILED",
      failureError: "States.Timeout",
      failedAt: "2026-01-16T08:00:00.000Z",
    };

    // Act
    const { header, rows } = receiptTable([STORED, failed]);

    // Assess
    const [stored, failedRow] = rows.map((row) =>
      Object.fromEntries(header.map((name, i) => [name, row[i]])),
    );
    expect(stored).toMatchObject({ total: "12.345", currency: "BHD", merchant: "Bäckerei Müller" });
    expect(failedRow).toMatchObject({
      status: "FAILED",
      total: "",
      merchant: "",
      failureError: "States.Timeout",
    });
    expect(rows.every((row) => row.length === header.length)).toBe(true);
  });

  it("writes a structured value as JSON", () => {
    const { header, rows } = receiptTable([{ ...STORED, problems: ["no date was read", "the total is 0"] }]);

    expect(rows[0]?.[header.indexOf("problems")]).toBe('["no date was read","the total is 0"]');
  });

  it("refuses an amount without a currency rather than guess its decimals", () => {
    const { currency: _currency, ...withoutCurrency } = STORED;

    expect(() => receiptTable([withoutCurrency])).toThrow(
      /totalMinor of 01JD3M7Z8K9Q4R5S6T7V8W9X0Y has no currency/,
    );
  });
});
