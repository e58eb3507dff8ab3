#!/usr/bin/env node
/*
 * The database bound of the peak path (issue 17, item 4): how many receipts a second
 * receipt-delivery's upsert gets into PostgreSQL on ONE connection, with nothing else in the
 * way (no queue, no poller, no workflow), for the batch sizes the function is given. The cap
 * is 2 connections (Terraform's delivery_max_concurrency), so the peak path can deliver at
 * most about twice that; the same batches on two connections at once are measured beside it.
 *
 * The code path is the function's own: SQS records as the event source hands them over
 * (bodies as the Store state sends them), through `deliverBatch` (functions/receipt-delivery:
 * each body parsed by the delivery schema, then pg-delivery's one-statement upsert) on a
 * `DeliveryConnection` (TLS verified against the server's CA, as in production), each
 * connection in a worker thread of its own, as each Lambda container has its own.
 *
 * Every run writes DB_RECEIPTS (default 4000) new receipts into an emptied table (the peak
 * inserts), one batch after another; the batch sizes (DB_BATCH_SIZES, default 1,2,5,10,100,1000:
 * the event source hands delivery 1 to delivery_batch_size, default 10, within its 1 s window;
 * 100 and 1000 are what a larger delivery_batch_size would give) and modes take turns over
 * ROUNDS (3) rounds, medians reported. Each run checks that every receipt is a row written once.
 *
 * Prints a table and one result line, writes bench/results/db-upsert.json. Exit 1 when a run
 * lost a receipt or wrote one twice.
 *
 *   node bench/db-upsert.mjs                                   # about a minute
 *   DB_RECEIPTS=1000 ROUNDS=1 node bench/db-upsert.mjs         # a quick run
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as esbuild from "esbuild";
import { startPostgres } from "../tools/testing/src/index.ts";
import { npmPackagesAsImports } from "./npm-packages-as-imports.mjs";

const benchFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(benchFile), "..");

/*
 * receipt-delivery's deliverBatch and pg-delivery bundled as a deploy runs them (Node's type
 * stripping cannot run @shoebox/runtime), in shared chunks so both entries use one copy of the
 * error classes; npm packages (pg, zod) stay imports of the packages' own node_modules.
 */
const bundle = async (scratchDir) => {
  await esbuild.build({
    entryPoints: {
      "deliver-batch": path.join(repoRoot, "functions/receipt-delivery/src/deliver-batch.ts"),
      "pg-delivery": path.join(repoRoot, "packages/pg-delivery/src/index.ts"),
    },
    bundle: true,
    splitting: true,
    outdir: scratchDir,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    format: "esm",
    target: "node22",
    plugins: [npmPackagesAsImports],
    logLevel: "silent",
  });
  const url = (name) => pathToFileURL(path.join(scratchDir, `${name}.mjs`)).href;
  return { deliverBatch: url("deliver-batch"), pgDelivery: url("pg-delivery") };
};

/** The record the event source hands receipt-delivery: the test fixture, with receipt `<tag>-<n>`. */
const fixtureRecord = JSON.parse(
  readFileSync(
    path.join(repoRoot, "functions/receipt-delivery/tests/events/sqs/receipt-delivery.json"),
    "utf8",
  ),
).Records[0];
const deliveryRecord = (tag, n) => {
  const body = JSON.parse(fixtureRecord.body);
  return {
    ...fixtureRecord,
    messageId: `${tag}-m${n}`,
    body: JSON.stringify({
      ...body,
      receiptId: `${tag}-${String(n).padStart(6, "0")}`,
      merchant: `${body.merchant} ${n}`,
      totalMinor: 100 + (n % 50_000),
    }),
  };
};

/* A worker thread is one Lambda container: its own module graph and its one connection. */
if (!isMainThread) {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  const { deliverBatch } = await import(workerData.modules.deliverBatch);
  const { DeliveryConnection } = await import(workerData.modules.pgDelivery);
  const connection = new DeliveryConnection({
    target: workerData.target,
    statementTimeoutMs: 10_000, // receipt-delivery's defaults (config.ts)
    connectTimeoutMs: 5_000,
  });
  parentPort.on("message", async ({ tag, from, count, batchSize }) => {
    // Built before the clock starts: Lambda hands the function its event already received.
    const batches = [];
    for (let start = from; start < from + count; start += batchSize) {
      const size = Math.min(batchSize, from + count - start);
      batches.push(Array.from({ length: size }, (_, n) => deliveryRecord(tag, start + n)));
    }
    const counts = {};
    const statementMs = [];
    const started = performance.now();
    for (const records of batches) {
      const before = performance.now();
      const outcomes = await deliverBatch(connection, records);
      statementMs.push(performance.now() - before);
      for (const outcome of outcomes.values()) {
        const key = outcome.result ?? outcome.error?.name ?? "error";
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    parentPort.postMessage({ ms: performance.now() - started, statementMs, counts });
  });
  parentPort.postMessage({ ready: true });
} else {
  await main();
}

async function main() {
  const { DB_RECEIPTS, DB_BATCH_SIZES, ROUNDS } = process.env;
  const receipts = Number(DB_RECEIPTS || 4000);
  const batchSizes = (DB_BATCH_SIZES || "1,2,5,10,100,1000").split(",").map(Number);
  const rounds = Number(ROUNDS || 3);
  const cap = 2; // Terraform's delivery_max_concurrency
  const resultsFile = path.join(repoRoot, "bench", "results", "db-upsert.json");
  const say = (line) => console.log(`[bench db-upsert] ${line}`);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
  const loadAtStart = os.loadavg();

  const scratchDir = mkdtempSync(path.join(os.tmpdir(), "bench-db-upsert-"));
  const modules = await bundle(scratchDir);
  const { DeliveryConnection, loadMigrations, migrate } = await import(modules.pgDelivery);
  const postgres = await startPostgres({ freshDatabase: true });
  const target = { url: postgres.url, caCertificate: postgres.caCertificate };
  const reader = new DeliveryConnection({
    target,
    applicationName: "shoebox-bench",
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 5_000,
  });
  const query = async (sql, values) => (await reader.run((client) => client.query(sql, values))).rows;
  const workers = [];
  try {
    // From the package's folder: the bundle's own import.meta.url is the scratch folder.
    await reader.run(async (client) =>
      migrate(client, await loadMigrations(path.join(repoRoot, "packages/pg-delivery/migrations"))),
    );
    for (let n = 0; n < cap; n++) {
      const worker = new Worker(benchFile, { workerData: { modules, target } });
      await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      workers.push(worker);
    }
    const deliver = (worker, job) =>
      new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage(job);
      });

    /** One run: `count` new receipts in batches of `batchSize`, split over `connections` workers. */
    let runNumber = 0;
    const runOnce = async (batchSize, connections, count = receipts) => {
      await query("TRUNCATE shoebox_receipts");
      const tag = `run${++runNumber}`;
      const share = Math.ceil(count / connections);
      const started = performance.now();
      const answers = await Promise.all(
        workers.slice(0, connections).map((worker, index) =>
          deliver(worker, {
            tag,
            from: index * share,
            count: Math.min(share, count - index * share),
            batchSize,
          }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const [written] = await query(
        "SELECT count(*)::int AS rows, count(*) FILTER (WHERE write_count > 1)::int AS twice FROM shoebox_receipts WHERE receipt_id LIKE $1",
        [`${tag}-%`],
      );
      const statementMs = answers.flatMap((answer) => answer.statementMs);
      const counts = {};
      for (const answer of answers)
        for (const [key, value] of Object.entries(answer.counts)) counts[key] = (counts[key] ?? 0) + value;
      return {
        batchSize,
        connections,
        receipts: count,
        seconds,
        receiptsPerSecond: count / seconds,
        statementP50Ms: quantile(statementMs, 0.5),
        statementP95Ms: quantile(statementMs, 0.95),
        counts,
        lost: count - written.rows,
        writtenTwice: written.twice,
      };
    };

    say(
      `${receipts} new receipts per run, batch sizes ${batchSizes.join(", ")}, 1 and ${cap} connections, ` +
        `${rounds} round(s); PostgreSQL at ${postgres.url}`,
    );
    say("warm-up: 500 receipts per connection (connections opened, statement planned, code optimised)");
    await runOnce(10, cap, 500 * cap);
    const runs = [];
    const plan = batchSizes.flatMap((batchSize) => [
      [batchSize, 1],
      [batchSize, cap],
    ]);
    for (let round = 0; round < rounds; round++) {
      // Each round in another order, so no size always runs first on a drifting machine.
      const shift = (round * 2) % plan.length;
      for (const [batchSize, connections] of [...plan.slice(shift), ...plan.slice(0, shift)]) {
        const run = await runOnce(batchSize, connections);
        runs.push({ round: round + 1, ...run });
        say(
          `round ${round + 1} batch ${batchSize}, ${connections} connection(s): ${run.receiptsPerSecond.toFixed(0)} receipts/s, ` +
            `statement p50 ${run.statementP50Ms.toFixed(2)} ms, lost ${run.lost}, twice ${run.writtenTwice}`,
        );
      }
    }

    const summary = batchSizes.map((batchSize) => {
      const of = (connections) =>
        runs.filter((run) => run.batchSize === batchSize && run.connections === connections);
      const one = of(1);
      const two = of(cap);
      const perConnection = median(one.map((run) => run.receiptsPerSecond));
      return {
        batchSize,
        perConnection: Math.round(perConnection),
        statementP50Ms: Math.round(median(one.map((run) => run.statementP50Ms)) * 100) / 100,
        statementP95Ms: Math.round(median(one.map((run) => run.statementP95Ms)) * 100) / 100,
        timesCap: Math.round(perConnection * cap),
        measuredAtCap: Math.round(median(two.map((run) => run.receiptsPerSecond))),
      };
    });
    const lost = Math.max(...runs.map((run) => run.lost));
    const writtenTwice = Math.max(...runs.map((run) => run.writtenTwice));

    const rows = [
      [
        "batch size",
        "1 connection",
        "statement p50 / p95",
        `x ${cap} (the cap)`,
        `${cap} connections measured`,
      ],
      ...summary.map((s) => [
        String(s.batchSize),
        `${s.perConnection} receipts/s`,
        `${s.statementP50Ms} / ${s.statementP95Ms} ms`,
        `${s.timesCap} receipts/s`,
        `${s.measuredAtCap} receipts/s`,
      ]),
    ];
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    console.log("");
    for (const [index, row] of rows.entries()) {
      console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`);
      if (index === 0) console.log(`| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`);
    }
    console.log("");

    const [version] = await query("SHOW server_version");
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(
      resultsFile,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: {
            cpu: os.cpus()[0]?.model,
            cores: os.cpus().length,
            node: process.version,
            postgres: version?.server_version,
            loadAverage: { start: loadAtStart, end: os.loadavg() },
          },
          settings: { receipts, batchSizes, rounds, cap },
          summary,
          runs,
        },
        null,
        2,
      )}\n`,
    );
    const atDefault = summary.find((s) => s.batchSize === 10) ?? summary[0];
    const broken = lost > 0 || writtenTwice > 0;
    console.log(
      `${broken ? "FAILED" : "ok"}: one connection upserts ${atDefault.perConnection} receipts/s in batches of ${atDefault.batchSize} ` +
        `(x ${cap} = ${atDefault.timesCap}; ${atDefault.measuredAtCap} measured on ${cap}); lost ${lost}, written twice ${writtenTwice}`,
    );
    process.exitCode = broken ? 1 : 0;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await reader.close();
    await postgres.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
