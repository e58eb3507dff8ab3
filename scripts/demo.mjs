#!/usr/bin/env node
/*
 * make demo [PHOTOS=dir] [REPORT=file]: starts the local stack, uploads every file of the folder
 * through the public API as a client would (POST /uploads, then a multipart POST of each file to
 * its presigned URL), waits until each is PROCESSED or FAILED, prints a results table, shuts the
 * stack down and prints one JSON summary as its last line. Exits 1 if any accepted file was lost,
 * 2 if the stack could not run. See tools/devstack/README.md.
 *
 *   node scripts/demo.mjs [--photos dir[,dir]] [--report file] [--timeout s] [--verbose] [--no-build]
 *   PHOTOS=~/Pictures REPORT=report.json TIMEOUT=300 node scripts/demo.mjs   (the same, by environment)
 *
 * Without PHOTOS it uploads functions/thumbnail/tests/fixtures/photos/, samples/ (which holds
 * one deliberately broken file) and samples/receipts/. Licence and readme files in a folder are
 * skipped; a folder's receipts.json makes the files it names receipts (uploaded with
 * kind "receipt" and its hints), followed through the receipt workflow into PostgreSQL.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  describeDenials,
  describeProvisioning,
  EventsLog,
  ensureBuilt,
  listDemoFiles,
  repoRoot,
  resultsTable,
  runDemo,
  startStack,
} from "@shoebox/devstack";

const {
  QUIET,
  VERBOSE,
  DEVSTACK_MANIFEST,
  PHOTOS: photosEnv,
  REPORT: reportEnv,
  TIMEOUT: timeoutEnv,
} = process.env;

/** `--photos dir`, `--photos=dir`, ... (what the Makefile passes), else the environment variable. */
const option = (name, fallback) => {
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === `--${name}`) return argv[index + 1];
    if (argv[index]?.startsWith(`--${name}=`)) return argv[index].slice(name.length + 3);
  }
  return fallback;
};
const PHOTOS = option("photos", photosEnv) || undefined;
const REPORT = option("report", reportEnv) || undefined;
const TIMEOUT = option("timeout", timeoutEnv) || undefined;
const args = new Set(process.argv.slice(2));
const verbose = args.has("--verbose") || args.has("-v") || VERBOSE === "1";
const say = (line) => console.log(`[demo] ${line}`);
let interrupted = false;

const main = async () => {
  const started = Date.now();
  const folders = PHOTOS
    ? PHOTOS.split(",").map((folder) => resolve(folder.trim()))
    : [
        join(repoRoot, "functions", "thumbnail", "tests", "fixtures", "photos"),
        join(repoRoot, "samples"),
        join(repoRoot, "samples", "receipts"),
      ].filter(existsSync);
  for (const folder of folders)
    if (!existsSync(folder)) throw new Error(`PHOTOS folder ${folder} does not exist`);
  const { files, skipped } = listDemoFiles(folders);
  if (files.length === 0) throw new Error(`no files to upload in ${folders.join(", ")}`);
  const shown = folders.map((folder) => folder.replace(`${repoRoot}/`, "")).join(", ");
  const skippedNote = skipped.length
    ? ` (skipped ${skipped.map((path) => path.split("/").pop()).join(", ")})`
    : "";
  const receiptCount = files.filter((file) => file.kind === "receipt").length;
  say(
    `${files.length} file(s) from ${shown}${receiptCount ? `, ${receiptCount} of them receipts (receipts.json)` : ""}${skippedNote}`,
  );

  if (!args.has("--no-build")) ensureBuilt((line) => say(line));
  // The demo's own GET /photos/{id} polling would drown the rest: only failed reads are printed.
  const hide = (event) =>
    !verbose && event.source === "api" && event.data?.method === "GET" && event.data?.status < 400;
  const log = new EventsLog({ hide, level: verbose ? "debug" : QUIET === "1" ? "warn" : "info" });
  say(
    "starting the local stack (moto, terraform apply or the record of an earlier one, local Lambda runtime)",
  );
  const stack = await startStack({
    log,
    functionInfoLevel: verbose ? "info" : "debug",
    ...(DEVSTACK_MANIFEST ? { manifest: DEVSTACK_MANIFEST } : {}),
  });
  say(`stack ready: API ${stack.apiUrl}, ${describeProvisioning(stack.provisioning)}`);

  process.once("SIGINT", () => {
    interrupted = true;
    say("SIGINT: stopping the stack");
    void stack.stop().then(() => process.exit(130));
  });
  let outcome;
  try {
    outcome = await runDemo({ stack, files, timeoutSeconds: Number(TIMEOUT ?? 300), onProgress: say });
  } finally {
    if (!interrupted) {
      say("stopping the stack");
      await stack.stop();
    }
  }
  const { results, summary } = outcome;
  console.log(`\n${resultsTable(results)}\n`);
  if (REPORT) {
    const report = results.map((result) => ({
      name: result.name,
      kind: result.kind,
      status: result.status,
      ...(result.receipt ? { receipt: result.receipt, delivered: Boolean(result.delivered) } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.photoId ? { photoId: result.photoId } : {}),
      thumbnails: result.thumbnails,
    }));
    writeFileSync(resolve(REPORT), `${JSON.stringify(report, null, 2)}\n`);
    say(`report written to ${REPORT}`);
  }
  const total = ((Date.now() - started) / 1000).toFixed(0);
  say(
    `done in ${total} s (provisioning ${stack.provisioning.seconds.toFixed(0)} s, demo ${summary.seconds.toFixed(0)} s)`,
  );
  if (summary.lost > 0)
    say(
      `${summary.lost} file(s) LOST: accepted but neither PROCESSED nor FAILED in time (a receipt also needs its workflow outcome)`,
    );
  console.log(JSON.stringify(summary));
  // A call AWS would refuse fails the run even if everything arrived (the emulator let it pass).
  const denied = describeDenials(stack.gate.denials);
  for (const line of denied) say(line);
  if (denied.length > 0)
    say(
      `${denied.length} AWS call(s) refused by the IAM gate: a role or resource policy lacks what the code needs`,
    );
  process.exitCode = summary.lost > 0 || denied.length > 0 ? 1 : 0;
};

main().catch((error) => {
  if (interrupted) return;
  console.error(`[demo] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
