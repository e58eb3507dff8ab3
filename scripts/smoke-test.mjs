#!/usr/bin/env node
/*
 * Smoke-tests every zip in dist/manifest.json as Lambda would run it: unzipped into an empty
 * folder outside the repository (no node_modules up the tree to hide a missing file), a fresh
 * Node 22 process imports index.mjs and calls the handler once with the function's
 * tests/events/smoke.json (format in scripts/smoke/smoke-event.mjs), and the answer is matched
 * against its `expect`. The process has no network beyond this machine (scripts/smoke/offline.mjs).
 *
 *   node scripts/smoke-test.mjs                 # after node scripts/build.mjs
 *   node scripts/smoke-test.mjs --out /tmp/x    # the zips of node scripts/build.mjs --out /tmp/x
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeDistPath, distDirFrom } from "./build/dist-dir.mjs";
import { hostTarget } from "./build/target.mjs";
import { assertLambdaNode, invokeInFreshProcess, lambdaLikeEnv } from "./smoke/fresh-process.mjs";
import { partialMismatch, readSmokeEvent } from "./smoke/smoke-event.mjs";
import { extractZip } from "./smoke/unzip.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = distDirFrom({ repoRoot });
const inDist = (file) => describeDistPath(repoRoot, distDir, file);

const readManifest = () => {
  const manifestPath = path.join(distDir, "manifest.json");
  if (!existsSync(manifestPath))
    throw new Error(`${inDist("manifest.json")} is missing: run make build first`);
  return JSON.parse(readFileSync(manifestPath, "utf8"));
};

const smokeTest = async (name, artifact, scratchDir) => {
  const zipPath = path.join(distDir, artifact.file);
  if (!existsSync(zipPath)) return { failure: `${inDist(artifact.file)} is missing` };
  const sha256 = createHash("sha256").update(readFileSync(zipPath)).digest("base64");
  if (sha256 !== artifact.sha256)
    return { failure: `${inDist(artifact.file)} does not match the manifest's sha256: rebuild` };

  const taskDir = path.join(scratchDir, name, "task");
  const entries = await extractZip(zipPath, taskDir);
  const hasNativeCode = entries.some((entry) => /\.(node|so)(\.|$)/.test(entry.name));
  if (hasNativeCode && artifact.architecture !== hostTarget().architecture) {
    return {
      skipped: `built for ${artifact.architecture} with native code; this machine is ${hostTarget().architecture}`,
    };
  }

  const smoke = readSmokeEvent(path.join(repoRoot, "functions", name));
  const run = await invokeInFreshProcess({
    taskDir,
    functionName: name,
    event: smoke.event,
    env: lambdaLikeEnv(name, smoke.env),
    timeoutMs: smoke.loadOnly ? 5_000 : 30_000,
  });
  const timings = `load ${Math.round(run.loadMs ?? 0)}ms, invoke ${Math.round(run.invokeMs ?? 0)}ms`;
  // A function runs on what its zip holds: one that reaches for the network fails, even if it
  // recovered (a library falling back after a failed download).
  if (run.networkRefusals.length > 0) {
    return { failure: `tried to reach the network:\n${run.networkRefusals.join("\n")}` };
  }
  if (run.stage === "load" || run.stage === "crash") return { failure: `does not load: ${run.error}` };
  if (smoke.loadOnly) return { timings, note: "no tests/events/smoke.json: checked loading only" };
  if (run.stage === "loaded") return { failure: run.error };
  if (run.stage === "invoke") {
    if (smoke.expectError && run.error.startsWith(`${smoke.expectError}: `)) return { timings };
    return { failure: `the handler threw: ${run.error}\n${run.output.trim()}` };
  }
  if (smoke.expectError)
    return { failure: `expected the handler to throw ${smoke.expectError}, it answered` };
  const mismatch = smoke.expect === undefined ? undefined : partialMismatch(run.result, smoke.expect);
  if (mismatch) return { failure: `unexpected answer: ${mismatch}` };
  return { timings };
};

const main = async () => {
  assertLambdaNode();
  const manifest = readManifest();
  const names = Object.keys(manifest.functions).sort();
  console.log(
    `smoke: ${names.length} function(s) from ${inDist("manifest.json")} (${manifest.architecture}), Node ${process.versions.node}`,
  );
  const scratchDir = await mkdtemp(path.join(tmpdir(), "shoebox-smoke-"));
  const counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    for (const name of names) {
      let outcome;
      try {
        outcome = await smokeTest(name, manifest.functions[name], scratchDir);
      } catch (error) {
        outcome = { failure: error.message };
      }
      if (outcome.failure) {
        counts.failed++;
        console.log(`FAIL ${name}: ${outcome.failure}`);
      } else if (outcome.skipped) {
        counts.skipped++;
        console.log(`skip ${name}: ${outcome.skipped}`);
      } else {
        counts.passed++;
        console.log(`ok ${name} (${outcome.timings})${outcome.note ? ` - ${outcome.note}` : ""}`);
      }
    }
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
  console.log(`smoke: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
  if (counts.failed > 0 || names.length === 0) process.exitCode = 1;
};

main().catch((error) => {
  console.error(`smoke: ${error.message}`);
  console.log("smoke: 0 passed, 1 failed");
  process.exitCode = 1;
});
