#!/usr/bin/env node
/*
 * Moves the messages of a DLQ back to their source queue, once the cause is fixed:
 *
 *   node scripts/redrive-dlq.mjs --queue URL [--dlq URL] [--max N] [--dry-run]
 *
 * --dlq defaults to the DLQ named by the queue's redrive policy. Without --max, SQS's own move
 * task does the work (StartMessageMoveTask); where that is refused (permissions, or a local
 * emulator), and with --max, messages move by receive, send and delete: deleted from the DLQ
 * only after the queue accepted them, so none is ever lost. A crash between a send and its
 * delete delivers that message twice; the idempotent upsert absorbs it. Credentials, region
 * and endpoint come from the usual AWS SDK environment (AWS_ENDPOINT_URL for moto).
 */
import { parseArgs } from "node:util";
import * as sdk from "@aws-sdk/client-sqs";
import { redrive } from "./redrive/redrive.mjs";

const usage = "usage: node scripts/redrive-dlq.mjs --queue URL [--dlq URL] [--max N] [--dry-run]";

const main = async () => {
  const { values } = parseArgs({
    options: {
      queue: { type: "string" },
      dlq: { type: "string" },
      max: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return console.log(usage);
  if (!values.queue) throw new Error(`--queue is required\n${usage}`);
  const max = values.max === undefined ? Number.POSITIVE_INFINITY : Number(values.max);
  if (!((max > 0 && Number.isInteger(max)) || max === Number.POSITIVE_INFINITY))
    throw new Error(`--max must be a positive integer`);

  const started = performance.now();
  const result = await redrive({
    sdk,
    sqs: new sdk.SQSClient({}),
    queueUrl: values.queue,
    dlqUrl: values.dlq,
    max,
    dryRun: values["dry-run"],
    log: (line) => console.log(line),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.method === "dry-run") console.log(`redrive: dry run, ${result.waiting} message(s) would move`);
  else
    console.log(`redrive: ${result.moved} moved, ${result.failed} failed (${result.method}, ${seconds} s)`);
  if (result.failed) process.exitCode = 1;
};

main().catch((error) => {
  console.error(`redrive: ${error.message}`);
  process.exitCode = 1;
});
