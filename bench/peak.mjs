#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
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
 * During (a) the kernel's CPU counters of every process of the run are read once a second
 * (tools/peak process-cpu.ts): the stack's own process (pollers, the Step Functions
 * interpreter, the IAM gate, the HTTP API), moto, each function's environments, PostgreSQL, and
 * the whole machine's busy time (what is not ours is other work on the same cores); with the
 * invocations, errors and waits for a free environment of each function. PEAK_CPU_PROFILE=<file>
 * also writes a V8 CPU profile of the stack's process during (a) (open it in Chrome DevTools).
 * The result is held against the database bound of bench/db-upsert.mjs when its results exist.
 * PEAK_TERRAFORM_VARIABLES='{"thumbnail_maximum_concurrency":2}' starts the stack with other
 * Terraform variables, to compare settings run against run.
 *
 * Prints the tables and one result line, writes bench/results/peak.json (peak-<N>.json when
 * PEAK_RECEIPTS is not the default, so a quick run leaves the reference run's figures alone).
 * Exit 1 if a run lost a receipt, wrote one twice or went above the cap; 2 if the stack could
 * not start.
 *
 *   node bench/peak.mjs                    # about 30 min on 2 idle cores (every receipt is OCR'd)
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
  watchProcessCpu,
} from "@shoebox/peak";

const {
  PEAK_RECEIPTS,
  PEAK_FAULT_RECEIPTS,
  PEAK_OUTAGE_SECONDS,
  PEAK_CPU_PROFILE,
  PEAK_TERRAFORM_VARIABLES,
  VERBOSE,
} = process.env;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_RECEIPTS = 2000;
const receipts = Number(PEAK_RECEIPTS || DEFAULT_RECEIPTS);
const resultsFile = path.join(
  repoRoot,
  "bench",
  "results",
  receipts === DEFAULT_RECEIPTS ? "peak.json" : `peak-${receipts}.json`,
);
const dbUpsertFile = path.join(repoRoot, "bench", "results", "db-upsert.json");
const faultReceipts = Number(PEAK_FAULT_RECEIPTS || 600);
const outageSeconds = Number(PEAK_OUTAGE_SECONDS || 20);
const verbose = VERBOSE === "1";
const terraformVariables = PEAK_TERRAFORM_VARIABLES ? JSON.parse(PEAK_TERRAFORM_VARIABLES) : undefined;
const say = (line) => console.log(`[bench peak] ${line}`);
const seconds = (ms) => Math.round(ms / 100) / 10;

const printTable = (rows) => {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  console.log(
    `\n${cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ")).join("\n")}\n`,
  );
};

/** A V8 CPU profile of this process (the stack's) from `start` to `stop`, written to `file`. */
const profileThisProcess = async (file) => {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 1000 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    say(`CPU profile of the stack's process during (a): ${file}`);
  };
};

/** Invocations, errors and waits for a free environment per function between two status reads. */
const invocationsBetween = (before, after) =>
  Object.fromEntries(
    Object.entries(after.functions)
      .map(([name, counts]) => {
        const was = before.functions[name] ?? { invocations: 0, errors: 0, throttles: 0 };
        return [
          name,
          {
            invocations: counts.invocations - was.invocations,
            errors: counts.errors - was.errors,
            waited: counts.throttles - was.throttles,
          },
        ];
      })
      .filter(([, counts]) => counts.invocations > 0),
  );

/** Receipts per second the two delivery connections could write, from bench/db-upsert.mjs's last run. */
const databaseBound = () => {
  if (!existsSync(dbUpsertFile)) return undefined;
  const { summary, date } = JSON.parse(readFileSync(dbUpsertFile, "utf8"));
  const atDefault = summary.find((row) => row.batchSize === 10);
  return atDefault ? { ...atDefault, date } : undefined;
};

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
  if (result.reviewsAnswered > 0)
    say(`${name}: ${result.reviewsAnswered} receipt(s) waited for review; answered as their owner would`);
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
    peak = await startPeakStack({
      log,
      ownDatabase: true,
      say,
      ...(terraformVariables ? { variables: terraformVariables } : {}),
    });
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
    const statusBefore = await stack.status();
    const cpu = watchProcessCpu({
      rootPid: process.pid,
      postgresPort: Number(new URL(postgres.url).port),
      cores: os.cpus().length,
    });
    const stopProfile = PEAK_CPU_PROFILE
      ? await profileThisProcess(path.resolve(PEAK_CPU_PROFILE))
      : undefined;
    const main = await runPeak({
      stack,
      databaseUrl: postgres.url,
      cap,
      plan,
      images,
      subject: `bench-peak-${Date.now()}`,
      say: (line) => say(`(a) ${line}`),
    });
    const cpuAccount = cpu.stop();
    await stopProfile?.();
    const invocations = invocationsBetween(statusBefore, await stack.status());
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
      reviewsAnswered: main.reviewsAnswered,
      cpu: cpuAccount,
      invocations,
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
      reviewsAnswered: faultRun.reviewsAnswered,
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
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        terraformVariables: terraformVariables ?? {},
        throughput,
        fault,
      },
      null,
      2,
    )}\n`,
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
  ];
  printTable(rows);

  const { cpu: account } = throughput;
  const perReceipt = (cpuSeconds) => `${Math.round((cpuSeconds * 1000) / receipts)} ms`;
  say(
    `(a) where the CPU went: ${account.wallSeconds} s on ${account.cores} cores; the machine was busy ` +
      `${account.machineBusySeconds} of ${Math.round(account.wallSeconds * account.cores)} CPU-s, ` +
      `${account.oursSeconds} of them this run's, ${Math.max(0, Math.round(account.machineBusySeconds - account.oursSeconds))} other work`,
  );
  printTable([
    [
      "component",
      "CPU-s",
      "share of ours",
      "CPU per receipt",
      "invocations",
      "errors",
      "waited for an environment",
    ],
    ...Object.entries(account.components).map(([component, cpuSeconds]) => {
      const counts = throughput.invocations[component.replace(/^fn:/, "")];
      return [
        component,
        cpuSeconds,
        `${Math.round((cpuSeconds / Math.max(account.oursSeconds, 0.1)) * 100)} %`,
        perReceipt(cpuSeconds),
        counts?.invocations ?? "",
        counts?.errors ?? "",
        counts?.waited ?? "",
      ];
    }),
  ]);
  const bound = databaseBound();
  if (bound && throughput.receiptsPerSecond)
    say(
      `(a) against the database bound (bench/db-upsert.mjs, ${bound.date.slice(0, 10)}): one connection upserts ` +
        `${bound.perConnection} receipts/s in batches of 10, the cap of ${cap} about ${bound.timesCap}: ` +
        `${Math.round(bound.timesCap / throughput.receiptsPerSecond)} times this run's ${throughput.receiptsPerSecond} receipts/s`,
    );
  say(
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; results in ${path.relative(repoRoot, resultsFile)}`,
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
