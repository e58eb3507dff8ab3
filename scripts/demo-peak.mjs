#!/usr/bin/env node
/*
 * make demo-peak [RECEIPTS=N]: the January peak on this machine. Renders N synthetic receipt
 * images (merchant, date, items and total on paper; some duplicates, some invalid, one or two
 * unreadable), starts the local stack with a PostgreSQL server of its own, uploads them as ONE
 * batch through the public API, follows them to PostgreSQL with a progress line every 2 s,
 * checks the outcomes against the plan, stops the stack and prints one JSON line last:
 *
 *   {"receipts":N,"stored":N,"duplicates":N,"invalid":N,"failed":N,"lost":N,"max_db_connections":K,"cap":C,"seconds":S}
 *
 * max_db_connections is the most receipt-delivery sessions pg_stat_activity showed at once
 * (sampled every 200 ms), cap is receipt-delivery's maximum_concurrency from runtime_config.
 * Exit 1 if anything was lost, the sessions went above the cap or the IAM gate refused a call, 2 if
 * the stack could not run.
 *
 *   node scripts/demo-peak.mjs [--receipts N] [--seed S] [--timeout s] [--verbose] [--no-build]
 *   RECEIPTS=500 SEED=jan TIMEOUT=900 node scripts/demo-peak.mjs     (the same, by environment)
 */
import { describeDenials, describeProvisioning, EventsLog, ensureBuilt } from "@shoebox/devstack";
import {
  explainShortfall,
  planReceipts,
  renderPlan,
  runPeak,
  startPeakStack,
  summaryLine,
} from "@shoebox/peak";

const option = (name, fallback) => {
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === `--${name}`) return argv[index + 1];
    if (argv[index]?.startsWith(`--${name}=`)) return argv[index].slice(name.length + 3);
  }
  return fallback;
};
const { RECEIPTS, SEED, TIMEOUT, VERBOSE } = process.env;
const args = new Set(process.argv.slice(2));
const verbose = args.has("--verbose") || VERBOSE === "1";
const receipts = Number(option("receipts", RECEIPTS) || 200);
const seed = option("seed", SEED) || `peak-${receipts}`;
const timeout = option("timeout", TIMEOUT);
const say = (line) => console.log(`[demo-peak] ${line}`);
let interrupted = false;

const main = async () => {
  if (!Number.isInteger(receipts) || receipts < 1)
    throw new Error(`RECEIPTS must be a positive whole number`);
  const started = Date.now();
  if (!args.has("--no-build")) ensureBuilt((line) => say(line));

  const plan = planReceipts(receipts, { seed });
  const { stored, duplicate, invalid, failed } = plan.expected;
  say(
    `plan (seed ${seed}): ${receipts} receipts, expected ${stored} stored, ${duplicate} duplicates, ` +
      `${invalid} invalid, ${failed} unreadable (failed)`,
  );
  // The images render while Terraform provisions: neither waits for the other.
  const renderStarted = Date.now();
  const rendering = renderPlan(plan.receipts, { concurrency: 2 }).then((images) => {
    const bytes = images.reduce((sum, image) => sum + image.length, 0);
    say(
      `${images.length} receipt images rendered in ${((Date.now() - renderStarted) / 1000).toFixed(0)} s ` +
        `(${(bytes / images.length / 1024).toFixed(0)} KB on average)`,
    );
    return images;
  });

  // The stack's own lines while it starts; during the run only its warnings (and our progress).
  const log = new EventsLog({ level: verbose ? "debug" : "info" });
  say(
    "starting the local stack (PostgreSQL + moto + terraform apply + local Lambda runtime; about 2 minutes)",
  );
  let peak;
  try {
    peak = await startPeakStack({ log, functionInfoLevel: verbose ? "info" : "debug", say });
  } catch (error) {
    await rendering.catch(() => undefined);
    throw Object.assign(error, { exitCode: 2 });
  }
  const { stack, postgres, cap } = peak;
  process.once("SIGINT", () => {
    interrupted = true;
    say("SIGINT: stopping the stack");
    void peak.stop().then(() => process.exit(130));
  });
  const images = await rendering;
  say(
    `stack ready: API ${stack.apiUrl}, ${describeProvisioning(stack.provisioning)}; receipt-delivery cap ${cap} sessions`,
  );
  if (!verbose) log.setLevel("warn");

  let result;
  try {
    result = await runPeak({
      stack,
      databaseUrl: postgres.url,
      cap,
      plan,
      images,
      subject: `demo-peak-${Date.now()}`,
      ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
      say,
    });
  } finally {
    if (!interrupted) {
      log.setLevel("info");
      say("stopping the stack");
      await peak.stop();
    }
  }

  const { summary, batch } = result;
  say(
    `expected vs seen: stored ${plan.expected.stored}/${summary.stored}, duplicates ${plan.expected.duplicate}/${batch.duplicate}, ` +
      `invalid ${plan.expected.invalid}/${batch.invalid}, failed ${plan.expected.failed}/${summary.failed}; ` +
      `rows in PostgreSQL ${result.rowsInDatabase} (written twice ${result.writtenTwice})`,
  );
  for (const mismatch of result.mismatches) say(`differs from the plan: ${mismatch}`);
  for (const { index, reason } of result.notUploaded.slice(0, 5))
    say(`not uploaded: ${plan.receipts[index]?.name}: ${reason}`);
  if (result.gaveUp || summary.lost > 0) {
    for (const reason of explainShortfall({
      receipts,
      uploaded: receipts - result.notUploaded.length,
      batch,
      rowsInDatabase: result.rowsInDatabase,
    }))
      say(`missing: ${reason}`);
  }
  for (const note of result.notes) say(`note: ${note}`);
  for (const problem of result.problems) say(`FAILED: ${problem}`);
  say(
    `delivery sessions: peak ${summary.max_db_connections} against a cap of ${cap} ` +
      `(${result.connectionSamples.samples} samples of pg_stat_activity every 200 ms)`,
  );
  say(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s (provisioning ${stack.provisioning.seconds.toFixed(0)} s, ` +
      `first upload to last outcome ${summary.seconds} s${summary.lost ? `; lost counts ${result.storedNotDelivered} stored but not delivered` : ""})`,
  );
  console.log(summaryLine(summary));
  // A call AWS would refuse fails the run even if everything arrived (the emulator let it pass).
  const denied = describeDenials(stack.gate.denials);
  for (const line of denied) say(line);
  if (denied.length > 0)
    say(
      `${denied.length} AWS call(s) refused by the IAM gate: a role or resource policy lacks what the code needs`,
    );
  process.exitCode = result.problems.length > 0 || denied.length > 0 ? 1 : 0;
};

main().catch((error) => {
  if (interrupted) return;
  console.error(`[demo-peak] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(error?.exitCode ?? 2);
});
