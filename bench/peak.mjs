#!/usr/bin/env node
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
/*
 * The January peak, end to end on this machine (issue 6). One local stack (PostgreSQL of its
 * own + moto + Terraform + the local Lambda runtime), two runs, each one batch of synthetic
 * receipts (tools/peak) uploaded through the public API and followed into PostgreSQL:
 *
 *   (a) throughput: PEAK_RECEIPTS (default 2000) receipts; receipts per second from the first
 *       POST /uploads to the last row in the database, and the most receipt-delivery sessions
 *       pg_stat_activity showed at once (sampled every 200 ms) against the cap
 *       (receipt-delivery's maximum_concurrency);
 *   (b) fault: PEAK_FAULT_RECEIPTS (default 600) receipts; once a third of the expected rows are
 *       in, the PostgreSQL server is stopped (fast shutdown: sessions cut) for PEAK_OUTAGE_SECONDS
 *       (default 20) and started again; then lost, written twice (rows with write_count > 1) and
 *       the time to drain the backlog after the restart.
 *
 * Prints a table and one result line, writes bench/results/peak.json. Exit 1 if a run lost a
 * receipt, wrote one twice or went above the cap; 2 if the stack could not start.
 *
 *   node bench/peak.mjs                    # about 10 min on 2 cores
 *   PEAK_RECEIPTS=300 PEAK_FAULT_RECEIPTS=200 node bench/peak.mjs   # a quick run
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { EventsLog, ensureBuilt } from "@shoebox/devstack";
import {
  explainShortfall,
  planReceipts,
  renderPlan,
  runPeak,
  startPeakStack,
  summaryLine,
} from "@shoebox/peak";

const { PEAK_RECEIPTS, PEAK_FAULT_RECEIPTS, PEAK_OUTAGE_SECONDS, VERBOSE } = process.env;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "peak.json");
const receipts = Number(PEAK_RECEIPTS || 2000);
const faultReceipts = Number(PEAK_FAULT_RECEIPTS || 600);
const outageSeconds = Number(PEAK_OUTAGE_SECONDS || 20);
const verbose = VERBOSE === "1";
const say = (line) => console.log(`[bench peak] ${line}`);
const seconds = (ms) => Math.round(ms / 100) / 10;

const describeRun = (name, plan, result) => {
  const { summary } = result;
  for (const mismatch of result.mismatches) say(`${name}: differs from the plan: ${mismatch}`);
  if (result.gaveUp || summary.lost > 0) {
    for (const reason of explainShortfall({
      receipts: plan.receipts.length,
      uploaded: plan.receipts.length - result.notUploaded.length,
      batch: result.batch,
      rowsInDatabase: result.rowsInDatabase,
    }))
      say(`${name}: missing: ${reason}`);
  }
  for (const note of result.notes) say(`${name}: note: ${note}`);
  for (const problem of result.problems) say(`${name}: FAILED: ${problem}`);
  say(`${name}: ${summaryLine(summary)}`);
};

const main = async () => {
  ensureBuilt((line) => say(line));
  const plan = planReceipts(receipts, { seed: `bench-peak-${receipts}` });
  const faultPlan = planReceipts(faultReceipts, { seed: `bench-peak-fault-${faultReceipts}` });
  say(
    `throughput run: ${receipts} receipts (expected ${JSON.stringify(plan.expected)}); ` +
      `fault run: ${faultReceipts} receipts with a ${outageSeconds} s database outage`,
  );
  const renderStarted = Date.now();
  const rendering = Promise.all([
    renderPlan(plan.receipts, { concurrency: 2 }),
    renderPlan(faultPlan.receipts),
  ]);
  const log = new EventsLog({ level: verbose ? "debug" : "info" });
  say("starting the local stack with a PostgreSQL server of its own (about 2 minutes)");
  let peak;
  try {
    peak = await startPeakStack({ log, ownDatabase: true, say });
  } catch (error) {
    await rendering.catch(() => undefined);
    throw Object.assign(error, { exitCode: 2 });
  }
  const { stack, postgres, cap } = peak;
  process.once("SIGINT", () => {
    say("SIGINT: stopping the stack");
    void peak.stop().then(() => process.exit(130));
  });
  let throughput;
  let fault;
  try {
    const [images, faultImages] = await rendering;
    say(`${images.length + faultImages.length} images rendered in ${seconds(Date.now() - renderStarted)} s`);
    if (!verbose) log.setLevel("warn");

    // (a) throughput
    say(`(a) throughput: ${receipts} receipts as one batch`);
    const main = await runPeak({
      stack,
      databaseUrl: postgres.url,
      cap,
      plan,
      images,
      subject: `bench-peak-${Date.now()}`,
      say: (line) => say(`(a) ${line}`),
    });
    describeRun("(a)", plan, main);
    const toLastRow = main.timings.lastRowAt ? main.timings.lastRowAt - main.timings.startedAt : undefined;
    throughput = {
      receipts,
      expected: plan.expected,
      summary: main.summary,
      rowsInDatabase: main.rowsInDatabase,
      writtenTwice: main.writtenTwice,
      secondsToLastRow: toLastRow === undefined ? null : seconds(toLastRow),
      secondsToAllOutcomes: main.summary.seconds,
      receiptsPerSecond: toLastRow ? Math.round((receipts / (toLastRow / 1000)) * 10) / 10 : null,
      storedPerSecond: toLastRow ? Math.round((main.rowsInDatabase / (toLastRow / 1000)) * 10) / 10 : null,
      uploadSeconds: seconds(main.timings.uploadsDoneAt - main.timings.startedAt),
      maxDbConnections: main.summary.max_db_connections,
      cap,
      connectionSamples: main.connectionSamples,
      mismatches: main.mismatches,
      notes: main.notes,
      problems: main.problems,
      ...(main.gaveUp ? { gaveUp: main.gaveUp } : {}),
    };

    // (b) fault: the database goes away for a while in the middle of delivery
    say(
      `(b) fault: ${faultReceipts} receipts; PostgreSQL stops for ${outageSeconds} s once a third is delivered`,
    );
    const trigger = Math.ceil(faultPlan.expected.stored / 3);
    let outage;
    const times = {};
    const faultRun = await runPeak({
      stack,
      databaseUrl: postgres.url,
      cap,
      plan: faultPlan,
      images: faultImages,
      subject: `bench-peak-fault-${Date.now()}`,
      say: (line) => say(`(b) ${line}`),
      onPoll: (progress) => {
        if (outage || (progress.database?.rows ?? 0) < trigger) return;
        outage = (async () => {
          say(`(b) ${progress.database?.rows} rows in: stopping PostgreSQL for ${outageSeconds} s`);
          times.stoppedAt = Date.now();
          await postgres.stopServer();
          await sleep(outageSeconds * 1000);
          await postgres.startServer();
          times.restartedAt = Date.now();
          say(`(b) PostgreSQL is back after ${seconds(times.restartedAt - times.stoppedAt)} s`);
        })();
      },
    });
    await outage;
    describeRun("(b)", faultPlan, faultRun);
    const restartedAt = times.restartedAt;
    fault = {
      receipts: faultReceipts,
      expected: faultPlan.expected,
      summary: faultRun.summary,
      outageSeconds: restartedAt ? seconds(restartedAt - times.stoppedAt) : null,
      outageStartedAtRows: outage ? trigger : null,
      lost: faultRun.summary.lost,
      writtenTwice: faultRun.writtenTwice,
      rowsInDatabase: faultRun.rowsInDatabase,
      drainSeconds:
        restartedAt && faultRun.timings.lastRowAt ? seconds(faultRun.timings.lastRowAt - restartedAt) : null,
      drainSecondsToAllOutcomes:
        restartedAt && faultRun.timings.completedAt
          ? seconds(faultRun.timings.completedAt - restartedAt)
          : null,
      maxDbConnections: faultRun.summary.max_db_connections,
      cap,
      connectionSamples: faultRun.connectionSamples,
      mismatches: faultRun.mismatches,
      notes: faultRun.notes,
      problems: [
        ...faultRun.problems,
        ...(outage ? [] : [`the outage never started: fewer than ${trigger} rows arrived`]),
        ...(faultRun.writtenTwice > 0 ? [`${faultRun.writtenTwice} row(s) written twice`] : []),
      ],
      ...(faultRun.gaveUp ? { gaveUp: faultRun.gaveUp } : {}),
    };
  } finally {
    log.setLevel("info");
    say("stopping the stack");
    await peak.stop();
  }

  const machine = {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), machine, throughput, fault }, null, 2)}\n`,
  );

  const rows = [
    [
      "run",
      "receipts",
      "stored",
      "dup",
      "invalid",
      "failed",
      "lost",
      "twice",
      "peak conn / cap",
      "time",
      "rate",
    ],
    [
      "(a) throughput",
      receipts,
      throughput.summary.stored,
      throughput.summary.duplicates,
      throughput.summary.invalid,
      throughput.summary.failed,
      throughput.summary.lost,
      throughput.writtenTwice,
      `${throughput.maxDbConnections} / ${cap}`,
      `${throughput.secondsToLastRow ?? "-"} s to last row`,
      `${throughput.receiptsPerSecond ?? "-"} receipts/s`,
    ],
    [
      `(b) fault ${outageSeconds} s`,
      faultReceipts,
      fault.summary.stored,
      fault.summary.duplicates,
      fault.summary.invalid,
      fault.summary.failed,
      fault.lost,
      fault.writtenTwice,
      `${fault.maxDbConnections} / ${cap}`,
      `drain ${fault.drainSeconds ?? "-"} s after restart`,
      "",
    ],
  ].map((row) => row.map(String));
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log(
    `\n${rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ")).join("\n")}\n`,
  );
  say(
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; results in bench/results/peak.json`,
  );

  const problems = [...throughput.problems, ...fault.problems];
  const passed = problems.length === 0;
  console.log(
    `${passed ? "ok" : "FAILED"}: ${receipts} receipts at ${throughput.receiptsPerSecond ?? "-"} receipts/s end to end, ` +
      `db sessions peak ${throughput.maxDbConnections}/${cap}; fault ${outageSeconds} s: lost ${fault.lost}, ` +
      `written twice ${fault.writtenTwice}, drained ${fault.drainSeconds ?? "-"} s after restart` +
      (passed ? "" : ` (${problems.join("; ")})`),
  );
  process.exitCode = passed ? 0 : 1;
};

main().catch((error) => {
  console.error(`[bench peak] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(error?.exitCode ?? 2);
});
