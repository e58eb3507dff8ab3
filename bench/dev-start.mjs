#!/usr/bin/env node
/*
 * How long `make dev` keeps a developer waiting (issue 17, item 5): `node scripts/dev.mjs
 * --no-build` started as a developer starts it, timed from the spawn to its "shoebox is running
 * locally" line, and its provisioning phase (Terraform, or the restore of a record) from its own
 * log. One start of each kind, in this order:
 *
 *   every start applies   DEVSTACK_PROVISION_CACHE=off: Terraform applies all of terraform/ to an
 *                         empty emulator, as every start did before records existed;
 *   cold                  no record yet: the same full apply, then recorded;
 *   first restore         the record restored, and Terraform applies this start's values to it
 *                         once (it must change nothing: then the record counts as verified);
 *   restore               the record restored with this start's values, no Terraform at all;
 *                         DEV_START_RESTORES times (default 3), the median shown.
 *
 * Records go to a folder of the bench's own (.local/bench-dev-start/provision-cache, emptied
 * first), not to make dev's; the Terraform copy is make dev's own (.local/terraform): do not run
 * it beside `make dev`. Prints a table and writes bench/results/dev-start.json.
 *
 *   node bench/dev-start.mjs           # about 8 min on 2 cores, nearly all of it the two full applies
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "dev-start.json");
const cacheDir = path.join(repoRoot, ".local", "bench-dev-start", "provision-cache");
const { DEV_START_RESTORES } = process.env;
const restores = Number(DEV_START_RESTORES || 3);
const GOAL_SECONDS = 30;
const READY = /shoebox is running locally/;
// provision.ts's closing line: "<n> resources applied in 164.5 s", "... restored in 2.1 s",
// "... restored and applied (0 added, 0 changed, 0 destroyed) in 24.5 s".
const PROVISIONED = /\[terraform\] \d+ resources (applied|restored)[^\n]* in (\d+(?:\.\d+)?) s/;
const say = (line) => console.log(`[bench dev-start] ${line}`);

/** One `node scripts/dev.mjs`, from spawn to its ready line, then stopped as Ctrl-C stops it. */
const devStart = (kind, cache) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["scripts/dev.mjs", "--no-build"], {
      cwd: repoRoot,
      env: { ...process.env, DEVSTACK_PROVISION_CACHE: cache },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let readySeconds;
    const onData = (chunk) => {
      output += chunk.toString();
      if (readySeconds === undefined && READY.test(output)) {
        readySeconds = (performance.now() - started) / 1000;
        child.kill("SIGINT");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      const provisioned = PROVISIONED.exec(output);
      if (readySeconds === undefined || !provisioned)
        return reject(new Error(`${kind}: make dev never got ready (exit ${code}):\n${output.slice(-3000)}`));
      resolve({
        kind,
        readySeconds,
        provisionSeconds: Number(provisioned[2]),
        terraformApplied: !/resources restored in/.test(provisioned[0]),
        loadAverage: os.loadavg()[0],
      });
    });
  });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const main = async () => {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const runs = [];
  const run = async (kind, cache) => {
    say(`${kind}: node scripts/dev.mjs --no-build`);
    const result = await devStart(kind, cache);
    say(
      `${kind}: ready in ${result.readySeconds.toFixed(1)} s, provisioning ${result.provisionSeconds.toFixed(1)} s`,
    );
    runs.push(result);
    return result;
  };
  const before = await run("every start applies", "off");
  const cold = await run("cold", cacheDir);
  const first = await run("first restore", cacheDir);
  const restored = [];
  for (let index = 0; index < restores; index++) restored.push(await run("restore", cacheDir));
  if (first.terraformApplied === false || restored.some((result) => result.terraformApplied))
    throw new Error("Terraform ran on a verified restore, or not on the first one: see the runs");

  const rows = [
    ["every start applies (cache off)", "full apply", before],
    ["cold: no record", "full apply, recorded", cold],
    ["first restore", "restore + Terraform applies this start's values (0 changes)", first],
    [
      `restore (median of ${restores})`,
      "restore, no Terraform",
      {
        readySeconds: median(restored.map((result) => result.readySeconds)),
        provisionSeconds: median(restored.map((result) => result.provisionSeconds)),
      },
    ],
  ];
  console.log("");
  console.log("| start | what provisioning does | ready s | provisioning s |");
  console.log("| --- | --- | --- | --- |");
  for (const [name, what, result] of rows)
    console.log(
      `| ${name} | ${what} | ${result.readySeconds.toFixed(1)} | ${result.provisionSeconds.toFixed(1)} |`,
    );
  console.log("");

  const restoredReady = rows[3][2].readySeconds;
  const result = {
    benchmark: "dev-start",
    date: new Date().toISOString(),
    goal: { restoredReadySeconds: GOAL_SECONDS },
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      loadAverageAtEnd: os.loadavg(),
    },
    summary: {
      beforeReadySeconds: before.readySeconds,
      coldReadySeconds: cold.readySeconds,
      firstRestoreReadySeconds: first.readySeconds,
      restoredReadySeconds: restoredReady,
      restoredProvisionSeconds: rows[3][2].provisionSeconds,
    },
    runs,
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `make dev ready in ${restoredReady.toFixed(1)} s restored (goal < ${GOAL_SECONDS} s: ${restoredReady < GOAL_SECONDS ? "met" : "missed"}), ${first.readySeconds.toFixed(1)} s on the first restore, ${cold.readySeconds.toFixed(1)} s cold; ${before.readySeconds.toFixed(1)} s when every start applies`,
  );
  if (restoredReady >= GOAL_SECONDS) process.exitCode = 1;
};

main().catch((error) => {
  console.error(`bench dev-start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
