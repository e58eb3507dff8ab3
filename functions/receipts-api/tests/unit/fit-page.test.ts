import type { ReceiptItem, ReceiptView } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { fitPage, MAX_PAGE_RECEIPT_BYTES } from "../../src/receipt-list.ts";

const OWNER = "ownerOwnerOwnerOwner01";

const receipt = (n: number, merchant: string): { item: ReceiptItem; view: ReceiptView } => {
  const photoId = `01JD3M7Z8K${String(n).padStart(16, "0")}`;
  return {
    item: { ownerId: OWNER, sk: `RECEIPT#${photoId}`, photoId, status: "STORED", merchant },
    view: { photoId, status: "STORED", merchant },
  };
};

const page = (merchants: string[]) => {
  const receipts = merchants.map((merchant, n) => receipt(n, merchant));
  return { items: receipts.map((r) => r.item), views: receipts.map((r) => r.view) };
};

describe("fitPage", () => {
  it("keeps a page that fits, with the cursor it had", () => {
    const { items, views } = page(["a", "b", "c"]);
    const nextKey = { ownerId: OWNER, sk: "RECEIPT#01JD3M7Z8K9Q4R5S6T7V8W9X0Y" };

    expect(fitPage(items, views, nextKey, 10_000)).toEqual({ views, nextKey });
  });

  it("cuts a page past the budget, counting bytes as Lambda's JSON carries them, and continues after the last receipt kept", () => {
    // Prepare: 127 bytes for a receipt of 40 plain characters; "é" is 2 bytes in UTF-8 (167), and
    // a quote 4 once the body is escaped inside Lambda's JSON (\\\", 247). Two take 414 bytes.
    const { items, views } = page(["é".repeat(40), '"'.repeat(40), "x".repeat(40), "y".repeat(40)]);

    // Act
    const fitted = fitPage(items, views, undefined, 450);

    // Assess
    expect(fitted.views).toEqual(views.slice(0, 2));
    expect(fitted.nextKey).toEqual({ ownerId: OWNER, sk: items[1]?.sk });
  });

  it("always keeps the first receipt, so a page is never empty while receipts remain", () => {
    const { items, views } = page(["x".repeat(500), "y"]);

    expect(fitPage(items, views, undefined, 10).views).toEqual(views.slice(0, 1));
  });

  it("leaves room in Lambda's 6 MB for the cursor and the envelope", () => {
    expect(MAX_PAGE_RECEIPT_BYTES).toBeLessThan(6 * 1024 * 1024 - 64 * 1024);
  });
});
