#!/usr/bin/env node
/*
 * Order of deliveries (issue 15): what a FIFO delivery queue costs against the standard one,
 * on the local stack's parts. Per round, the same backlog of receipt-delivery messages is put
 * on a fresh queue of each kind (moto, patched) and drained into a real PostgreSQL by the real
 * receipt-delivery handler, through the local stack's SQS event source mapping (SqsPoller)
 * with Terraform's settings: maximum concurrency 2 (two containers, each a worker thread with
 * its own connection), batches of 10, a 1 s batching window on the standard queue and none on
 * a FIFO one (Lambda supports none there). The contenders:
 *
 *   standard     MessageGroupId = the receipt id (as DeliverReceipt sends it to either queue)
 *   FIFO         the same, on a FIFO queue: one ordered group per receipt
 *   FIFO owner   MessageGroupId = the owner id: a customer's whole upload is one ordered group
 *
 * The backlog: RECEIPTS (default 1000) originals of one owner; CORRECTED_SHARE (0.2) of them
 * corrected (a later storedAt, sent 20 messages after the original, as a human review would);
 * a quarter of the corrected receipts' originals sent once more at the end (a stale redrive
 * from the DLQ, with a new deduplication id). A round ends when every receipt's row holds its
 * newest version and the queue is empty; ROUNDS (5) rounds, the contenders' order rotating,
 * each compared with the standard queue of its own round (the machine's load drifts).
 * The rate is taken to 90 % of the rows: the last, partial batches wait out the standard
 * queue's batching window (1 s), which says nothing about throughput; the time to the last row
 * is shown beside it.
 *
 * Prints a table and one result line, writes bench/results/delivery-order.json. Exit 1 when a
 * row ended without its newest version, was written more often than it has versions, or
 * delivery opened more sessions than the cap.
 *
 *   node bench/delivery-order.mjs                  # about 3 minutes on 2 cores
 *   RECEIPTS=300 ROUNDS=1 node bench/delivery-order.mjs
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import * as esbuild from "esbuild";
// The local stack's own event source mapping, imported alone: @shoebox/devstack's index also
// loads @shoebox/runtime, which Node's type stripping cannot run.
import { EventsLog } from "../tools/devstack/src/events-log.ts";
import { SqsPoller } from "../tools/devstack/src/sqs-poller.ts";
import {
  deliveryMessage,
  lambdaContext,
  sampleConnections,
  startMoto,
  startPostgres,
  useLocalAws,
} from "../tools/testing/src/index.ts";
import { npmPackagesAsImports } from "./npm-packages-as-imports.mjs";

const benchFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(benchFile), "..");

/*
 * The handler and pg-delivery as a deploy runs them: our TypeScript bundled by esbuild (Node's
 * type stripping cannot run @shoebox/runtime: parameter properties), every npm package left an
 * import of the package's own node_modules, so pg and Powertools are the very ones it tests with.
 */
const bundle = async (scratchDir) => {
  await esbuild.build({
    entryPoints: {
      handler: path.join(repoRoot, "functions/receipt-delivery/src/handler.ts"),
      "pg-delivery": path.join(repoRoot, "packages/pg-delivery/src/index.ts"),
    },
    bundle: true,
    outdir: scratchDir,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    format: "esm",
    target: "node22",
    plugins: [npmPackagesAsImports],
    logLevel: "silent",
  });
  return {
    handler: pathToFileURL(path.join(scratchDir, "handler.mjs")).href,
    pgDelivery: pathToFileURL(path.join(scratchDir, "pg-delivery.mjs")).href,
  };
};

/* A worker thread is one Lambda container: its own module graph, connection and processors. */
if (!isMainThread) {
  const { handler } = await import(workerData.handlerModule);
  const context = lambdaContext("receipt-delivery");
  parentPort.on("message", async ({ event }) => {
    const started = performance.now();
    try {
      const result = await handler(event, context);
      parentPort.postMessage({ ok: true, result, durationMs: performance.now() - started });
    } catch (error) {
      parentPort.postMessage({
        ok: false,
        error: { errorType: error.name, errorMessage: error.message },
        durationMs: performance.now() - started,
      });
    }
  });
} else {
  await main();
}

async function main() {
  const { RECEIPTS, CORRECTED_SHARE, ROUNDS } = process.env;
  const receipts = Number(RECEIPTS || 1000);
  const correctedShare = Number(CORRECTED_SHARE || 0.2);
  const rounds = Number(ROUNDS || 5);
  const concurrency = 2; // Terraform's delivery_max_concurrency
  const correctionDistance = 20;
  const region = "eu-west-1";
  const resultsFile = path.join(repoRoot, "bench", "results", "delivery-order.json");
  const say = (line) => console.log(`[bench delivery-order] ${line}`);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  /** The backlog, in sending order; the newest version of each receipt and how many it has. */
  const planBacklog = () => {
    const originals = Array.from({ length: receipts }, (_, n) =>
      deliveryMessage(n, { storedAt: "2026-11-24T09:30:00.000Z" }),
    );
    const corrected = originals.filter((_, n) => n % Math.round(1 / correctedShare) === 0);
    const corrections = new Map(
      corrected.map((original) => [
        original.receiptId,
        { ...original, merchant: `${original.merchant} (corrected)`, storedAt: "2026-11-25T16:05:00.000Z" },
      ]),
    );
    const messages = [];
    originals.forEach((original, n) => {
      messages.push({ receipt: original });
      const due = originals[n - correctionDistance];
      const correction = due && corrections.get(due.receiptId);
      if (correction) messages.push({ receipt: correction });
    });
    for (const original of originals.slice(-correctionDistance)) {
      const correction = corrections.get(original.receiptId);
      if (correction) messages.push({ receipt: correction });
    }
    const redriven = corrected.filter((_, n) => n % 4 === 0);
    messages.push(...redriven.map((original, n) => ({ receipt: original, redrive: `redrive-${n}` })));
    const newest = originals.map((original) => corrections.get(original.receiptId) ?? original);
    const versions = newest.map((receipt) => (corrections.has(receipt.receiptId) ? 2 : 1));
    return { messages, newest, versions };
  };

  const scratchDir = mkdtempSync(path.join(os.tmpdir(), "bench-delivery-order-"));
  const modules = await bundle(scratchDir);
  const { DEFAULT_APPLICATION_NAME, DeliveryConnection, loadMigrations, migrate } = await import(
    modules.pgDelivery
  );
  const moto = await startMoto();
  useLocalAws(moto.endpoint);
  const postgres = await startPostgres({ freshDatabase: true });
  const sqs = new SQSClient({});
  const workers = [];
  let reader;
  try {
    reader = new DeliveryConnection({
      target: { url: postgres.url, caCertificate: postgres.caCertificate },
      applicationName: "shoebox-bench",
      statementTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
    });
    const query = (sql, values) => reader.run((client) => client.query(sql, values));
    // From the package's folder: the bundle's own import.meta.url is the scratch folder.
    const migrations = await loadMigrations(path.join(repoRoot, "packages/pg-delivery/migrations"));
    await reader.run((client) => migrate(client, migrations));

    // The function reads its database from a Secrets Manager secret, with its own SDK.
    const functionRequire = createRequire(path.join(repoRoot, "functions/receipt-delivery/package.json"));
    const { SecretsManagerClient, CreateSecretCommand } = functionRequire("@aws-sdk/client-secrets-manager");
    const secret = await new SecretsManagerClient({}).send(
      new CreateSecretCommand({
        Name: "bench-delivery-database",
        SecretString: JSON.stringify({ url: postgres.url, caCertificate: postgres.caCertificate }),
      }),
    );
    // Read when the handler module loads, in each worker (a copy of this environment).
    Object.assign(process.env, {
      DATABASE_SECRET_ARN: secret.ARN,
      RECEIPTS_TABLE: "bench-receipts",
      BATCHES_TABLE: "bench-batches",
      EVENTS_TOPIC_ARN: `arn:aws:sns:${region}:123456789012:bench-events`,
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_SERVICE_NAME: "receipt-delivery",
    });
    for (let n = 0; n < concurrency; n++)
      workers.push(new Worker(benchFile, { workerData: { handlerModule: modules.handler } }));
    const idle = [...workers];
    const waiting = [];
    const invoke = async (event) => {
      const worker = idle.pop() ?? (await new Promise((resolve) => waiting.push(resolve)));
      const result = await new Promise((resolve) => {
        worker.once("message", resolve);
        worker.postMessage({ event });
      });
      const next = waiting.shift();
      if (next) next(worker);
      else idle.push(worker);
      return { ...result, requestId: "bench" };
    };

    // The group key decides how much a FIFO queue may deliver at once: one batch per group in
    // flight. One group per receipt (what DeliverReceipt sends) against one per owner, where a
    // customer's whole upload is one ordered group.
    const contenders = {
      standard: { label: "standard, window 1 s", fifo: false, window: 1, group: "receiptId" },
      fifo: { label: "FIFO, group = receipt id", fifo: true, window: 0, group: "receiptId" },
      "fifo-owner": { label: "FIFO, group = owner id", fifo: true, window: 0, group: "ownerId" },
    };
    let queueNumber = 0;
    const createQueue = async (fifo) => {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({
          QueueName: `bench-delivery-${++queueNumber}${fifo ? ".fifo" : ""}`,
          // As terraform/modules/queue makes them (visibility: 6 x the function's 30 s).
          Attributes: {
            VisibilityTimeout: "180",
            ...(fifo
              ? {
                  FifoQueue: "true",
                  ContentBasedDeduplication: "true",
                  DeduplicationScope: "messageGroup",
                  FifoThroughputLimit: "perMessageGroupId",
                }
              : {}),
          },
        }),
      );
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
      );
      return { url: QueueUrl, arn: Attributes.QueueArn };
    };
    const queueDepth = async (url) => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      return (
        Number(Attributes.ApproximateNumberOfMessages) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible)
      );
    };
    // In order, one call at a time: concurrent calls could swap a receipt's two versions.
    const send = async (queue, { fifo, group }, messages) => {
      for (let start = 0; start < messages.length; start += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: messages.slice(start, start + 10).map(({ receipt, redrive }, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(receipt),
              MessageGroupId: receipt[group],
              // A redrive after the deduplication window: a new id (content alone would drop it).
              ...(fifo && redrive ? { MessageDeduplicationId: redrive } : {}),
            })),
          }),
        );
      }
    };
    const rowsState = async ({ newest, versions }) => {
      const { rows } = await query(
        `SELECT count(*) FILTER (WHERE s.stored_at = e.stored_at)::int AS newest,
                count(*) FILTER (WHERE s.write_count > e.versions)::int AS extra_writes
         FROM shoebox_receipts s
         JOIN unnest($1::text[], $2::timestamptz[], $3::int[]) AS e(receipt_id, stored_at, versions) USING (receipt_id)`,
        [newest.map((receipt) => receipt.receiptId), newest.map((receipt) => receipt.storedAt), versions],
      );
      return rows[0];
    };

    const runOnce = async (name, plan) => {
      const contender = contenders[name];
      await query("TRUNCATE shoebox_receipts");
      const queue = await createQueue(contender.fifo);
      await send(queue, contender, plan.messages);
      const poller = new SqsPoller({
        name: "receipt-delivery",
        mapping: {
          queue_arn: queue.arn,
          queue_url: queue.url,
          batch_size: 10,
          maximum_batching_window_in_seconds: contender.window,
          maximum_concurrency: concurrency,
          function_response_types: ["ReportBatchItemFailures"],
        },
        region,
        sqs,
        invoke,
        log: new EventsLog({ level: "warn" }),
        waitTimeSeconds: 1,
      });
      const sampler = sampleConnections(postgres.url, {
        applicationName: DEFAULT_APPLICATION_NAME,
        intervalMs: 50,
      });
      const started = performance.now();
      poller.start();
      let state;
      let steadySeconds; // to 90 % of the rows: the rate without the last, partial batches
      const steadyRows = Math.ceil(0.9 * plan.newest.length);
      const deadline = Date.now() + 600_000;
      for (;;) {
        state = await rowsState(plan);
        if (steadySeconds === undefined && state.newest >= steadyRows)
          steadySeconds = (performance.now() - started) / 1000;
        if (
          (state.newest === plan.newest.length && (await queueDepth(queue.url)) === 0) ||
          Date.now() > deadline
        )
          break;
        await new Promise((done) => setTimeout(done, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      await poller.stop();
      const { peak } = await sampler.stop();
      return {
        contender: name,
        receipts: plan.newest.length,
        messages: plan.messages.length,
        seconds,
        receiptsPerSecond: steadyRows / steadySeconds,
        batches: poller.stats.batches,
        meanBatch: poller.stats.messages / Math.max(1, poller.stats.batches),
        failedMessages: poller.stats.failed,
        newestRows: state.newest,
        rowsNotNewest: plan.newest.length - state.newest, // missing, or holding an older version
        extraWrites: state.extra_writes,
        sessionsPeak: peak,
      };
    };

    const plan = planBacklog();
    say(
      `${plan.newest.length} receipts, ${plan.messages.length} messages (corrections and stale redrives included), ` +
        `${rounds} round(s), maximum concurrency ${concurrency}`,
    );
    say("warm-up: 50 receipts through each queue (containers started, connections opened)");
    const warmUp = { messages: plan.messages.slice(0, 50), newest: [], versions: [] };
    for (const name of Object.keys(contenders)) await runOnce(name, warmUp);
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      const names = Object.keys(contenders);
      const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
      const inRound = [];
      for (const name of order) {
        const run = await runOnce(name, plan);
        inRound.push(run);
        say(
          `round ${round + 1} ${name}: ${run.receiptsPerSecond.toFixed(1)} receipts/s, last row after ${run.seconds.toFixed(1)} s, ` +
            `${run.batches} batches (mean ${run.meanBatch.toFixed(1)}), rows not newest ${run.rowsNotNewest}, sessions peak ${run.sessionsPeak}`,
        );
      }
      // Against the standard queue of the same round: the machine's load drifts between rounds.
      const standard = inRound.find((run) => run.contender === "standard");
      for (const run of inRound)
        runs.push({
          round: round + 1,
          ...run,
          vsStandard: run.receiptsPerSecond / standard.receiptsPerSecond,
        });
    }

    const summary = Object.fromEntries(
      Object.keys(contenders).map((name) => {
        const mine = runs.filter((run) => run.contender === name);
        return [
          name,
          {
            medianSeconds: median(mine.map((run) => run.seconds)),
            receiptsPerSecond: median(mine.map((run) => run.receiptsPerSecond)),
            vsStandard: median(mine.map((run) => run.vsStandard)),
            meanBatch: median(mine.map((run) => run.meanBatch)),
            rowsNotNewest: Math.max(...mine.map((run) => run.rowsNotNewest)),
            extraWrites: Math.max(...mine.map((run) => run.extraWrites)),
            failedMessages: Math.max(...mine.map((run) => run.failedMessages)),
            sessionsPeak: Math.max(...mine.map((run) => run.sessionsPeak)),
          },
        ];
      }),
    );
    const rows = [
      [
        "queue",
        "receipts/s (to 90 %)",
        "vs standard (median of rounds)",
        "last row after (median)",
        "mean batch",
        "rows not newest",
        "extra writes",
        "sessions peak / cap",
      ],
      ...Object.entries(summary).map(([name, s]) => [
        contenders[name].label,
        s.receiptsPerSecond.toFixed(1),
        `${s.vsStandard.toFixed(2)}x`,
        `${s.medianSeconds.toFixed(1)} s`,
        s.meanBatch.toFixed(1),
        String(s.rowsNotNewest),
        String(s.extraWrites),
        `${s.sessionsPeak} / ${concurrency}`,
      ]),
    ];
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    console.log("");
    for (const [index, row] of rows.entries()) {
      console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`);
      if (index === 0) console.log(`| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`);
    }
    console.log("");

    const { rows: version } = await query("SHOW server_version");
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(
      resultsFile,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: {
            cpu: os.cpus()[0]?.model,
            cores: os.cpus().length,
            loadAverage: os.loadavg(),
            node: process.version,
            postgres: version[0]?.server_version,
          },
          settings: {
            receipts: plan.newest.length,
            messages: plan.messages.length,
            correctedShare,
            correctionDistance,
            rounds,
            maximumConcurrency: concurrency,
            batchSize: 10,
          },
          contenders,
          summary,
          runs,
        },
        null,
        2,
      )}\n`,
    );
    const all = Object.values(summary);
    const broken = all.some((s) => s.rowsNotNewest > 0 || s.extraWrites > 0 || s.sessionsPeak > concurrency);
    say(
      `${broken ? "FAILED" : "ok"}: ${Object.entries(summary)
        .map(
          ([name, s]) =>
            `${contenders[name].label} ${s.receiptsPerSecond.toFixed(1)} receipts/s (${s.vsStandard.toFixed(2)}x)`,
        )
        .join(", ")}; rows not newest ${Math.max(...all.map((s) => s.rowsNotNewest))}, extra writes ` +
        `${Math.max(...all.map((s) => s.extraWrites))}, sessions peak ${Math.max(...all.map((s) => s.sessionsPeak))}/${concurrency}`,
    );
    process.exitCode = broken ? 1 : 0;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await reader?.close();
    await Promise.all([postgres.stop(), moto.stop()]);
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
