import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoResult, type DemoSummary, listDemoFiles, runDemo } from "../../src/demo.ts";
import { EventsLog, type StackEvent } from "../../src/events-log.ts";
import { repoRoot } from "../../src/provision.ts";
import { type Stack, startStack } from "../../src/stack.ts";

/*
 * The demo flow end to end, on the real thing: moto, terraform/ applied to it, the zips from
 * dist/ in local workers. Two photos and one broken file go in through the public API; both
 * photos must come out PROCESSED with thumbnails and notifications, the broken one FAILED with
 * a reason, nothing lost. Needs `make build` first (make test builds).
 */
const manifest = join(repoRoot, "dist", "manifest.json");
const photos = join(repoRoot, "functions", "thumbnail", "tests", "fixtures", "photos");

let stack: Stack;
const events: StackEvent[] = [];
let outcome: { results: DemoResult[]; summary: DemoSummary };

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
}, 600_000);

afterAll(async () => {
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

  it("processes two photos, fails the broken file with a reason, loses nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    copyFileSync(join(photos, "coffee.jpg"), join(folder, "coffee.jpg"));
    copyFileSync(join(photos, "astronaut.jpg"), join(folder, "astronaut.jpg"));
    copyFileSync(join(repoRoot, "samples", "broken.jpg"), join(folder, "broken.jpg"));
    const { files } = listDemoFiles([folder]);
    expect(files.map((file) => file.name)).toEqual(["astronaut.jpg", "broken.jpg", "coffee.jpg"]);

    outcome = await runDemo({ stack, files, timeoutSeconds: 240 });
    const { results, summary } = outcome;

    expect(summary).toMatchObject({ uploaded: 3, processed: 2, failed: 1, lost: 0 });
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    for (const name of ["astronaut.jpg", "coffee.jpg"]) {
      expect(byName[name]?.status).toBe("PROCESSED");
      expect(byName[name]?.thumbnails.length).toBeGreaterThanOrEqual(1);
      for (const key of byName[name]?.thumbnails ?? []) expect(key).toMatch(/^thumbnails\/.+\.webp$/);
    }
    expect(byName["broken.jpg"]).toMatchObject({ status: "FAILED", thumbnails: [] });
    expect(byName["broken.jpg"]?.reason).toMatch(/\S/);
    expect(summary.thumbnails).toBe(
      (byName["astronaut.jpg"]?.thumbnails.length ?? 0) + (byName["coffee.jpg"]?.thumbnails.length ?? 0),
    );
    // photo.processed twice and photo.failed once on the events topic.
    expect(summary.notifications).toBe(3);
    // The broken file is a business failure: it must not have been retried into the DLQ.
    expect(events.filter((event) => event.source === "dlq")).toEqual([]);
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
