import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  RECEIPT_HEIGHT,
  RECEIPT_WIDTH,
  receiptText,
  renderPlan,
  renderReceipt,
} from "../src/receipt-images.ts";
import { planReceipts } from "../src/receipt-plan.ts";

const today = new Date("2026-01-15T09:00:00Z");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("renderReceipt", () => {
  it("renders a real 600x900 JPEG of 30-80 KB", async () => {
    // Prepare
    const [receipt] = planReceipts(1, { seed: "one", today }).receipts;
    if (!receipt) throw new Error("no receipt planned");

    // Act
    const jpeg = await renderReceipt(receipt.content, receipt.paperSeed);

    // Assess
    const metadata = await sharp(jpeg).metadata();
    expect(metadata.format).toBe("jpeg");
    expect([metadata.width, metadata.height]).toEqual([RECEIPT_WIDTH, RECEIPT_HEIGHT]);
    expect(jpeg.length).toBeGreaterThan(30 * 1024);
    expect(jpeg.length).toBeLessThan(80 * 1024);
  });

  it("gives the same bytes for the same receipt and paper, other bytes for another paper", async () => {
    const [receipt] = planReceipts(1, { seed: "one", today }).receipts;
    if (!receipt) throw new Error("no receipt planned");

    const first = await renderReceipt(receipt.content, receipt.paperSeed);
    const again = await renderReceipt(receipt.content, receipt.paperSeed);
    const otherPaper = await renderReceipt(receipt.content, receipt.paperSeed + 1);

    expect(sha256(again)).toBe(sha256(first));
    expect(sha256(otherPaper)).not.toBe(sha256(first));
  });

  it("prints merchant, date, every item, the total and the currency", () => {
    const [receipt] = planReceipts(1, { seed: "text", today }).receipts;
    if (!receipt) throw new Error("no receipt planned");

    const text = receiptText(receipt.content).join("\n");

    expect(text).toContain(receipt.content.merchant.toUpperCase());
    expect(text).toContain(`Date ${receipt.content.date}`);
    for (const line of receipt.content.lines) expect(text).toContain(line.name.slice(0, 20));
    expect(text).toMatch(
      new RegExp(
        `TOTAL\\s+${receipt.content.total.toFixed(receipt.content.currency === "JPY" ? 0 : 2)} ${receipt.content.currency}`,
      ),
    );
  });
});

describe("renderPlan", () => {
  it("gives a same-image duplicate its original's bytes, a same-receipt duplicate other bytes, and an unreadable image sharp cannot decode", async () => {
    // Prepare: enough receipts for every variant
    const plan = planReceipts(220, { seed: "images", today });

    // Act
    const images = await renderPlan(plan.receipts);

    // Assess
    expect(images).toHaveLength(220);
    const hashes = images.map(sha256);
    for (const receipt of plan.receipts) {
      if (receipt.variant === "same-image")
        expect(hashes[receipt.index]).toBe(hashes[receipt.original as number]);
      if (receipt.variant === "same-receipt")
        expect(hashes[receipt.index]).not.toBe(hashes[receipt.original as number]);
    }
    const distinct = new Set(hashes).size;
    expect(distinct).toBe(220 - plan.receipts.filter((receipt) => receipt.variant === "same-image").length);
    const unreadable = plan.receipts.find((receipt) => receipt.variant === "unreadable-image");
    if (!unreadable) throw new Error("the plan has no unreadable image");
    const bytes = images[unreadable.index] as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    await expect(sharp(bytes, { failOn: "error" }).raw().toBuffer()).rejects.toThrow();
  });
});
