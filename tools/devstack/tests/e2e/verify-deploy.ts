import { execFile } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { repoRoot } from "../../src/provision.ts";
import type { LocalStatus, Stack } from "../../src/stack.ts";

/*
 * make verify-deploy (scripts/verify-deploy.mjs) against the stack of demo.test.ts, run as a
 * pipeline runs it after `terraform apply`: a child process given the API's URL and a test user's
 * token, judged by its exit status and its one JSON line. Run here, it cannot rot. The local
 * status page must show the run's work.
 */

const script = join(repoRoot, "scripts", "verify-deploy.mjs");

interface StepRecord {
  name: string;
  ms: number;
  ok: boolean;
  error?: string;
}

interface VerifyResult {
  ok: boolean;
  failed?: string;
  runId: string;
  photoId?: string;
  receiptId?: string;
  correlationId?: string;
  receipt?: { printed: { total: number; date: string }; read: { totalMinor?: number; date?: string } };
  steps: StepRecord[];
  cleanup: string;
}

const STEPS = [
  "target",
  "prepare files",
  "request uploads",
  "upload photo",
  "upload receipt",
  "photo processed",
  "receipt processed",
  "receipt stored",
  "read back",
];

/** Runs the script as a pipeline would: its exit code, its stdout lines, its stderr. */
const verifyDeploy = (env: Record<string, string>) =>
  new Promise<{ code: number; lines: string[]; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script],
      // Only what a pipeline sets: no token command or Terraform folder leaking in from this machine.
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        timeout: 300_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          lines: stdout.split("\n").filter(Boolean),
          stderr,
        }),
    );
  });

const status = async (stack: Stack): Promise<LocalStatus> =>
  (await (await fetch(stack.statusUrl)).json()) as LocalStatus;

export const registerVerifyDeployTests = (context: { stack: () => Stack }) => {
  it("walks the whole flow on the stack through the public API: one JSON line, every step ok, exit 0; the receipt reaches PostgreSQL and the status page counts it", async () => {
    const stack = context.stack();
    const before = await status(stack);

    const run = await verifyDeploy({
      SHOEBOX_API_URL: stack.apiUrl,
      SHOEBOX_VERIFY_TOKEN: await stack.token("verify-deploy"),
    });

    expect(run.lines, run.stderr).toHaveLength(1);
    const result = JSON.parse(run.lines[0] as string) as VerifyResult;
    expect(result.steps.filter((step) => !step.ok)).toEqual([]);
    expect(run.code).toBe(0);
    expect(result).toMatchObject({ ok: true, runId: expect.stringMatching(/^verify-deploy-\d{8}T\d{6}Z$/) });
    expect(result.steps.map((step) => step.name)).toEqual(STEPS);
    expect(result.cleanup).toMatch(/no DELETE route/);
    expect(run.stderr).toContain("[verify-deploy] ok   receipt stored");
    // The receipt made for the run is read as printed.
    const { printed, read } = result.receipt ?? { printed: { total: 0, date: "" }, read: {} };
    expect(read).toMatchObject({ date: printed.date, totalMinor: Math.round(printed.total * 100) });

    // What the API cannot show: the row receipt-delivery wrote into the customer's database.
    const receiptId = result.receiptId as string;
    for (let waited = 0; waited < 60 && (await stack.database.countReceipts([receiptId])) === 0; waited++)
      await sleep(1000);
    expect(await stack.database.countReceipts([receiptId])).toBe(1);

    // One id tells the upload's whole story in the functions' logs, as on AWS (docs/runbook.md).
    const story = stack.functionLogs.withCorrelationId(result.correlationId as string);
    const messagesOf = (fn: string) =>
      story.filter((line) => line.function === fn).map((line) => line.message);
    expect(messagesOf("uploads-api")).toContain("uploads granted");
    expect(messagesOf("thumbnail")).toContain("thumbnails stored");
    expect(messagesOf("receipt-starter")).toContain("receipt workflow started");
    expect(messagesOf("receipt-delivery")).toContain("receipt delivered");

    // The local status page shows the run: two more photos processed, the workflow, the row.
    const after = await status(stack);
    expect(after.photos.PROCESSED - before.photos.PROCESSED).toBe(2);
    const workflow = (counts: LocalStatus) => counts.workflows["receipt-workflow"]?.succeeded ?? 0;
    expect(workflow(after) - workflow(before)).toBeGreaterThanOrEqual(1);
    expect(after.deliveries.rows - before.deliveries.rows).toBeGreaterThanOrEqual(1);
    const invocations = (counts: LocalStatus, name: string) => counts.functions[name]?.invocations ?? 0;
    for (const name of ["uploads-api", "thumbnail", "receipt-reader", "receipts-api", "receipt-delivery"])
      expect(invocations(after, name) - invocations(before, name), name).toBeGreaterThanOrEqual(1);
    expect(Object.keys(after.queues).sort()).toEqual(Object.keys(stack.config.queues).sort());
    for (const queue of Object.values(after.queues)) expect(queue.deadLetters).toBe(0);
  }, 360_000);

  it("fails on a token the API refuses: ok false naming the step, exit 1", async () => {
    const stack = context.stack();
    const run = await verifyDeploy({ SHOEBOX_API_URL: stack.apiUrl, SHOEBOX_VERIFY_TOKEN: "not-a-token" });

    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    const result = JSON.parse(run.lines[0] as string) as VerifyResult;
    expect(result).toMatchObject({ ok: false, failed: "request uploads" });
    expect(result.steps.at(-1)).toMatchObject({
      name: "request uploads",
      ok: false,
      error: expect.stringMatching(/^POST \/uploads answered 401: Unauthorized/),
    });
  }, 60_000);
};
