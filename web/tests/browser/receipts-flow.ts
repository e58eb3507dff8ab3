import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@shoebox/devstack";
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
// The archive function's own zip writer (one place for every test's zips).
import { buildZip } from "../../../functions/archive-fanout/tests/helpers/zips.ts";
import { csvRows } from "./support/csv.ts";
import { expectAccessible, PHONE, shoot, signIn } from "./support/pages.ts";

/*
 * Receipts in the browser, on the stack of app.test.ts: a zip of two sample receipts, a folder
 * and a text file goes up as one archive; its batch shows the entries taken and refused and the
 * counters as the receipts are read. Hardware Depot's total (24.89 USD) is over the limit this
 * stack sets (RECEIPT_REVIEW_VARIABLES), so it waits for review: approved in the app, it leaves
 * the queue and is stored, and the batch completes. Then a date range is exported as CSV.
 */

/** Every receipt in dollars over 10 waits for its owner: Hardware Depot does, Corner Bakery (EUR) does not. */
export const RECEIPT_REVIEW_VARIABLES = { review_total_limits: { "*": { USD: 10 } } };

/** Reading two receipts (OCR), the workflow and the review on a shared two-core machine. */
const RECEIPTS_TIMEOUT_MS = 150_000;

const receipts = join(repoRoot, "samples", "receipts");

const receiptsZip = async (): Promise<string> => {
  const path = join(mkdtempSync(join(tmpdir(), "shoebox-web-receipts-")), "receipts.zip");
  writeFileSync(
    path,
    await buildZip([
      { name: "2025", directory: true },
      { name: "2025/corner-bakery.jpg", bytes: readFileSync(join(receipts, "corner-bakery.jpg")) },
      { name: "2025/hardware-depot.jpg", bytes: readFileSync(join(receipts, "hardware-depot.jpg")) },
      { name: "notes.txt", bytes: Buffer.from("Paid cash.\n") },
    ]),
  );
  return path;
};

/** The batch's counters as the page shows them. */
const counters = async (batch: Locator): Promise<Record<string, number>> =>
  Object.fromEntries(
    await batch
      .locator("[data-counter]")
      .evaluateAll((cells) =>
        cells.map((cell) => [cell.getAttribute("data-counter"), Number(cell.textContent)]),
      ),
  );

const section = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true });

export const registerReceiptTests = (context: { openAs: () => Promise<Page> }) => {
  let dana: Page;
  let batchPage: string;

  it(
    "uploads a zip of receipts and follows its batch: entries taken and refused, one receipt stored, one waiting for review",
    async () => {
      dana = await context.openAs();
      await signIn(dana, "dana");
      await dana.getByRole("radio", { name: /^receipts/ }).check();

      await dana.locator("#file-picker").setInputFiles(await receiptsZip());

      await dana.getByText("1 of 1 uploaded").waitFor({ timeout: 30_000 });
      const batch = dana.locator(".upload-batch .batch");
      await expect
        .poll(() => counters(batch), { timeout: RECEIPTS_TIMEOUT_MS, interval: 1000 })
        .toEqual({ expected: 2, processed: 2, failed: 0, stored: 1, duplicate: 0, invalid: 0, rejected: 0 });
      await batch.getByText("1 receipt is still being read or waiting for your review").waitFor();
      expect(await batch.locator("[data-archive-summary]").textContent()).toBe(
        "4 entries: 2 taken, 1 skipped (folders, macOS metadata), 1 refused.",
      );
      expect(await batch.locator(".refusals li").allTextContents()).toEqual([
        expect.stringMatching(/^notes\.txt: .+ \(NOT_AN_IMAGE\)$/),
      ]);
      expect(await batch.getAttribute("data-complete")).toBe("false");

      await dana.getByRole("link", { name: "Follow this batch on its own page" }).click();
      await dana.locator("main > .batch .counts").waitFor();
      batchPage = dana.url();
      expect(batchPage).toMatch(/#\/batches\/[^/?]+\?kind=receipt$/);
      await expectAccessible(dana);
    },
    RECEIPTS_TIMEOUT_MS + 30_000,
  );

  it("shows the receipt waiting for review beside its image; approved, it leaves the queue and is stored", async () => {
    await section(dana, "Reviews").click();
    const queued = dana.locator(".review");
    await expect.poll(() => queued.count(), { timeout: 30_000 }).toBe(1);
    expect(await queued.textContent()).toMatch(/hardware depot/i);
    await expectAccessible(dana);
    await shoot(dana, "reviews");

    await queued.getByRole("link").click();
    await dana.getByRole("heading", { name: /^Review: /i }).waitFor();
    await dana.locator("#field-merchant").waitFor();
    expect({
      merchant: (await dana.locator("#field-merchant").inputValue()).toLowerCase(),
      date: await dana.locator("#field-date").inputValue(),
      total: await dana.locator("#field-total").inputValue(),
      currency: await dana.locator("#field-currency").inputValue(),
    }).toEqual({ merchant: "hardware depot", date: "2025-04-02", total: "24.89", currency: "USD" });
    // The original itself, decoded by the browser from its presigned URL.
    const image = dana.getByRole("img", { name: "The receipt as it was uploaded" });
    await expect
      .poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await expectAccessible(dana);
    await shoot(dana, "review-detail");
    await dana.setViewportSize(PHONE);
    await expectAccessible(dana);
    await shoot(dana, "review-detail-phone");
    await dana.setViewportSize({ width: 1100, height: 900 });

    await dana.getByRole("button", { name: "Approve", exact: true }).click();

    await dana
      .getByRole("status")
      .filter({ hasText: /^Approved: / })
      .waitFor();
    await dana.getByRole("link", { name: "Next review" }).click();
    await dana.getByText("Nothing to review").waitFor();

    await section(dana, "Receipts").click();
    const stored = dana.locator('.receipt[data-status="STORED"]');
    await expect
      .poll(
        async () => {
          await dana.getByRole("button", { name: "Refresh" }).click();
          await dana.locator('.receipts[aria-busy="false"]').waitFor();
          return stored.count();
        },
        { timeout: RECEIPTS_TIMEOUT_MS, interval: 1000 },
      )
      .toBe(2);
    const reviewed = stored.filter({ hasText: /hardware depot/i });
    await reviewed.getByText(/^Approved by you on /).waitFor();
    expect(await reviewed.locator("dd").allTextContents()).toContain("24.89 USD");
    await expectAccessible(dana);
    await shoot(dana, "receipts");
  });

  it("completes the batch once the reviewed receipt is stored", async () => {
    await dana.goto(batchPage);
    const batch = dana.locator("main > .batch");
    await batch
      .getByText("Complete: every upload in this batch has an outcome.")
      .waitFor({ timeout: 30_000 });
    expect(await counters(batch)).toEqual({
      expected: 2,
      processed: 2,
      failed: 0,
      stored: 2,
      duplicate: 0,
      invalid: 0,
      rejected: 0,
    });
    await expectAccessible(dana);
    await shoot(dana, "batch");
  });

  it("exports the receipts of a date range as a CSV download, and says what to fix in a wrong range", async () => {
    await section(dana, "Export").click();
    const download = async (from: string, to: string) => {
      await dana.getByLabel("From", { exact: true }).fill(from);
      await dana.getByLabel("To", { exact: true }).fill(to);
      const [file] = await Promise.all([
        dana.waitForEvent("download"),
        dana.getByRole("button", { name: "Download CSV" }).click(),
      ]);
      return { name: file.suggestedFilename(), rows: csvRows(readFileSync(await file.path(), "utf8")) };
    };

    const spring = await download("2025-03-01", "2025-04-30");

    expect(spring.name).toBe("receipts-2025-03-01-2025-04-30.csv");
    expect(
      spring.rows.map((row) => [row.merchant?.toLowerCase(), row.date, row.total, row.currency, row.status]),
    ).toEqual([
      ["corner bakery", "2025-03-14", "5.50", "EUR", "STORED"],
      ["hardware depot", "2025-04-02", "24.89", "USD", "STORED"],
    ]);
    await dana.getByText("Saved as receipts-2025-03-01-2025-04-30.csv").waitFor();
    await expectAccessible(dana);
    await shoot(dana, "export");

    const april = await download("2025-04-01", "2025-04-30");
    expect(april.rows.map((row) => row.date)).toEqual(["2025-04-02"]);

    await dana.getByLabel("From", { exact: true }).fill("2025-05-01");
    await dana.getByRole("button", { name: "Download CSV" }).click();
    await dana.getByRole("alert").filter({ hasText: "from must not be after to" }).waitFor();
  });
};
