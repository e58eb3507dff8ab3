import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConnectionSampler, sampleConnections } from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoResult, type DemoSummary, listDemoFiles, runDemo } from "../../src/demo.ts";
import { EventsLog, type StackEvent } from "../../src/events-log.ts";
import { repoRoot } from "../../src/provision.ts";
import { type Stack, startStack } from "../../src/stack.ts";

/*
 * The demo flow end to end, on the real thing: moto, terraform/ applied to it, the zips from
 * dist/ in local workers, a local PostgreSQL. Two photos, one receipt and one broken file go in
 * through the public API; the photos and the receipt must come out PROCESSED with thumbnails and
 * notifications, the broken one FAILED with a reason, nothing lost; the receipt goes on:
 * photo.processed -> SNS (filter policy) -> receipt-starter -> StartExecution on the local
 * Step Functions endpoint -> the workflow stores it -> receipt-delivery -> a row in PostgreSQL.
 * Needs `make build` first (make test builds).
 */
const manifest = join(repoRoot, "dist", "manifest.json");
const photos = join(repoRoot, "functions", "thumbnail", "tests", "fixtures", "photos");

let stack: Stack;
const events: StackEvent[] = [];
let outcome: { results: DemoResult[]; summary: DemoSummary };
let deliverySessions: ConnectionSampler | undefined;

beforeAll(async () => {
  if (!existsSync(manifest)) {
    throw new Error(`${manifest} is missing: the end-to-end test runs the built zips, run make build first`);
  }
  const log = new EventsLog({ write: () => {}, level: "warn" });
  log.on((event) => events.push(event));
  // Its own work folder: a `make dev` running beside the tests keeps its Terraform state.
  stack = await startStack({
    log,
    waitTimeSeconds: 5,
    workDir: join(repoRoot, ".local", "e2e", "terraform"),
  });
  deliverySessions = sampleConnections(stack.database.url, { applicationName: "shoebox-delivery" });
}, 600_000);

afterAll(async () => {
  await deliverySessions?.stop();
  await stack?.stop();
}, 60_000);

describe("make demo, end to end on the emulator", () => {
  it("refuses calls without a valid token, like the HTTP API's JWT authorizer", async () => {
    const anonymous = await fetch(`${stack.apiUrl}/photos`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Unauthorized" });
    const forged = await fetch(`${stack.apiUrl}/photos`, { headers: { authorization: "Bearer x.y.z" } });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${stack.apiUrl}/nothing`, {
      headers: { authorization: `Bearer ${await stack.token()}` },
    });
    expect(unknown.status).toBe(404);
  });

  it("processes two photos and a receipt, fails the broken file with a reason, delivers the receipt to PostgreSQL, loses nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    copyFileSync(join(photos, "coffee.jpg"), join(folder, "coffee.jpg"));
    copyFileSync(join(photos, "astronaut.jpg"), join(folder, "astronaut.jpg"));
    copyFileSync(join(repoRoot, "samples", "broken.jpg"), join(folder, "broken.jpg"));
    copyFileSync(
      join(repoRoot, "samples", "receipts", "hardware-depot.jpg"),
      join(folder, "hardware-depot.jpg"),
    );
    const hints = { merchant: "Hardware Depot", date: "2025-04-02", total: 24.89, currency: "USD" };
    writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "hardware-depot.jpg": hints }));
    const { files } = listDemoFiles([folder]);
    expect(files.map((file) => [file.name, file.kind])).toEqual([
      ["astronaut.jpg", "photo"],
      ["broken.jpg", "photo"],
      ["coffee.jpg", "photo"],
      ["hardware-depot.jpg", "receipt"],
    ]);

    outcome = await runDemo({ stack, files, timeoutSeconds: 240 });
    const { results, summary } = outcome;

    expect(summary).toMatchObject({
      uploaded: 4,
      processed: 3,
      failed: 1,
      lost: 0,
      receipts: { stored: 1, duplicate: 0, invalid: 0, failed: 0 },
      delivered: 1,
    });
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    for (const name of ["astronaut.jpg", "coffee.jpg", "hardware-depot.jpg"]) {
      expect(byName[name]?.status).toBe("PROCESSED");
      expect(byName[name]?.thumbnails.length).toBeGreaterThanOrEqual(1);
      for (const key of byName[name]?.thumbnails ?? []) expect(key).toMatch(/^thumbnails\/.+\.webp$/);
    }
    expect(byName["broken.jpg"]).toMatchObject({ status: "FAILED", thumbnails: [] });
    expect(byName["broken.jpg"]?.reason).toMatch(/\S/);
    expect(summary.thumbnails).toBe(
      ["astronaut.jpg", "coffee.jpg", "hardware-depot.jpg"].reduce(
        (sum, name) => sum + (byName[name]?.thumbnails.length ?? 0),
        0,
      ),
    );
    // photo.processed three times, photo.failed once and receipt.stored once on the events topic.
    expect(summary.notifications).toBe(5);
    // The broken file is a business failure: it must not have been retried into the DLQ.
    expect(events.filter((event) => event.source === "dlq")).toEqual([]);

    // Only the receipt's photo.processed passed the subscription's filter policy to the starter.
    const receipt = byName["hardware-depot.jpg"] as DemoResult;
    expect(receipt).toMatchObject({
      status: "PROCESSED",
      kind: "receipt",
      receipt: "stored",
      delivered: true,
    });
    const starterMessages = events
      .filter((event) => event.source === "receipt-starter" && typeof event.data?.batch === "number")
      .reduce((sum, event) => sum + Number(event.data?.batch), 0);
    expect(starterMessages).toBe(1);
    const workflow = events.filter((event) => event.source === "workflow").map((event) => event.message);
    expect(workflow).toContain(`receipt-workflow ${receipt.photoId} started (1 receipt)`);
    expect(
      workflow.some((line) => line.startsWith(`receipt-workflow ${receipt.photoId} SUCCEEDED in `)),
    ).toBe(true);
    expect(workflow.some((line) => line.endsWith(": stored 1"))).toBe(true);

    // The row the customer's database got, written by receipt-delivery from the zip.
    const client = new pg.Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT merchant, to_char(receipt_date, 'YYYY-MM-DD') AS date, total_minor::int AS total, currency, write_count FROM shoebox_receipts WHERE receipt_id = $1",
        [receipt.photoId],
      );
      expect(rows).toEqual([
        { merchant: "Hardware Depot", date: "2025-04-02", total: 2489, currency: "USD", write_count: 1 },
      ]);
    } finally {
      await client.end();
    }
    // receipt-delivery's maximum_concurrency (2) caps the sessions it opens on the database.
    const { peak } = (await deliverySessions?.stop()) ?? { peak: 0 };
    deliverySessions = undefined;
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(
      stack.config.event_source_mappings["receipt-delivery"]?.maximum_concurrency ?? 2,
    );
  }, 360_000);

  it("counts a file the API refuses as failed with the API's reason", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    copyFileSync(join(repoRoot, "samples", "README.md"), join(folder, "notes.txt"));
    const { results, summary } = await runDemo({
      stack,
      files: listDemoFiles([folder]).files,
      timeoutSeconds: 30,
    });
    expect(summary).toMatchObject({ uploaded: 0, failed: 1, lost: 0 });
    expect(results[0]?.reason).toMatch(/refused by the API: .*text\/plain/);
  }, 60_000);
});
