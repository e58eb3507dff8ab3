import { describe, expect, it } from "vitest";
import {
  DeliveryMessageKeySchema,
  DeliveryMessageSchema,
  RECEIPT_COLUMN_LIMITS,
  ReceiptDateSchema,
  ReceiptMerchantSchema,
  TotalMinorSchema,
} from "../src/delivery.ts";
import { TransformedReceiptSchema, ValidatedReceiptSchema } from "../src/receipt-tasks.ts";

/*
 * The delivery table's limits in the schemas. That they are exactly the table's is proven
 * against a real PostgreSQL in packages/pg-delivery (tests/integration/column-limits.test.ts);
 * these say what a caller gets back.
 */

const message = {
  receiptId: "01JDQ4ZC3V9K2M7T5X8B6N1R0A",
  ownerId: "Wq3t6pZ0bN4cQ8rT1yU5vA",
  merchant: "Bäckerei Müller",
  date: "2026-11-20",
  totalMinor: 1249,
  currency: "EUR",
  category: "groceries",
  storedAt: "2026-11-24T09:30:00.000Z",
};
const firstIssue = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message;

describe("text the table stores as given", () => {
  it.each([
    ["a NUL character", "Bad\u0000Shop", "must not contain a NUL character, which PostgreSQL cannot store"],
    ["a lone surrogate", "Caf\uD83E", "must be valid Unicode (it contains a lone surrogate)"],
    ["nothing", "", "must be 1 to 200 characters long"],
    ["201 characters", "m".repeat(201), "must be 1 to 200 characters long"],
  ])("refuses a merchant with %s", (_, merchant, problem) => {
    expect(firstIssue(ReceiptMerchantSchema.safeParse(merchant))).toBe(problem);
  });

  it("counts characters as PostgreSQL does, not UTF-16 units: 200 emoji fit", () => {
    expect(
      ReceiptMerchantSchema.safeParse("\u{1F9FE}".repeat(RECEIPT_COLUMN_LIMITS.merchantMaxCharacters))
        .success,
    ).toBe(true);
  });
});

describe("dates and totals the table can hold", () => {
  it.each(["0000-01-01", "1899-12-31", "2100-01-01"])("refuses the receipt date %s", (date) => {
    expect(firstIssue(ReceiptDateSchema.safeParse(date))).toBe("must be within 1900-01-01 to 2099-12-31");
  });

  it("refuses a total beyond the safe integers once, and a negative or fractional one", () => {
    expect(TotalMinorSchema.safeParse(2 ** 60).error?.issues).toHaveLength(1);
    expect(TotalMinorSchema.safeParse(-1).success).toBe(false);
    expect(TotalMinorSchema.safeParse(12.5).success).toBe(false);
    expect(TotalMinorSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
  });

  it("refuses a storedAt PostgreSQL cannot read: year 0000, or an offset beyond ±15:59", () => {
    for (const storedAt of ["0000-01-01T00:00:00.000Z", "2026-11-24T09:30:00.000+16:00"]) {
      expect(DeliveryMessageSchema.safeParse({ ...message, storedAt }).success).toBe(false);
    }
    expect(
      DeliveryMessageSchema.safeParse({ ...message, storedAt: "2026-11-24T09:30:00.000+14:00" }).success,
    ).toBe(true);
  });
});

describe("the workflow's receipts", () => {
  it("are held to the delivery table's limits, so nothing is STORED that delivery cannot write", () => {
    const validated = {
      merchant: "Café",
      merchantKey: "cafe",
      date: "2026-11-20",
      total: 1,
      totalMinor: 100,
      currency: "EUR",
    };

    expect(ValidatedReceiptSchema.safeParse(validated).success).toBe(true);
    expect(ValidatedReceiptSchema.safeParse({ ...validated, merchant: "Caf\u0000" }).success).toBe(false);
    expect(ValidatedReceiptSchema.safeParse({ ...validated, date: "0000-01-01" }).success).toBe(false);
    const transformed = {
      merchant: "Café",
      totalMinor: 100,
      currency: "EUR",
      date: "0000-01-01",
      category: null,
    };
    expect(TransformedReceiptSchema.safeParse(transformed).success).toBe(false);
  });
});

describe("DeliveryMessageKeySchema", () => {
  it("names the stored receipt of a message whose other fields break the limits", () => {
    expect(
      DeliveryMessageKeySchema.parse({ ...message, merchant: "Bad\u0000Shop", date: "0000-01-01" }),
    ).toEqual({
      receiptId: message.receiptId,
      ownerId: message.ownerId,
      storedAt: message.storedAt,
    });
  });
});
