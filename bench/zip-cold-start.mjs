#!/usr/bin/env node
/*
 * Bundled zip vs. unbundled build, per function, in one run: zip size and cold load time
 * (a fresh Node 22 process: import index.mjs + the first call with the smoke event).
 *
 * "Unbundled" is what a deploy without a bundler ships: our own TypeScript (the function and
 * the @shoebox/* workspace packages, which export .ts that Node will not run from
 * node_modules) transpiled into one index.mjs, and every production dependency as installed
 * (`pnpm deploy --prod` style: real files, nothing pruned, native packages for this machine).
 * Both are zipped the same deterministic way and run from a fresh unzip, the way Lambda does.
 *
 *   node scripts/build.mjs && node bench/zip-cold-start.mjs     # RUNS=5 by default
 *   node scripts/build.mjs --out /tmp/x && node bench/zip-cold-start.mjs --out /tmp/x [function ...]
 * Writes bench/results/zip-cold-start.json. Goals: zip 5x smaller, cold load 3x faster, and a
 * zip of at most 250 KB for every function whose zip is its bundle alone. The functions that
 * ship packages as files (sharp, tesseract.js: the image and OCR functions) are measured and
 * reported but held to none of the goals: their native libraries and models are most of them.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFunction } from "../scripts/build/bundle.mjs";
import { describeDistPath, distDirFrom } from "../scripts/build/dist-dir.mjs";
import { listFunctions } from "../scripts/build/functions.mjs";
import { stableStringify } from "../scripts/build/manifest.mjs";
import { layOutPackages, packageFiles, resolvePackageDir } from "../scripts/build/node-modules.mjs";
import { hostTarget } from "../scripts/build/target.mjs";
import { writeDeterministicZip } from "../scripts/build/zip.mjs";
import { assertLambdaNode, invokeInFreshProcess, lambdaLikeEnv } from "../scripts/smoke/fresh-process.mjs";
import { partialMismatch, readSmokeEvent } from "../scripts/smoke/smoke-event.mjs";
import { extractZip } from "../scripts/smoke/unzip.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = distDirFrom({ repoRoot });
const resultsFile = path.join(repoRoot, "bench", "results", "zip-cold-start.json");
const runs = Number(process.env.RUNS ?? 5);
const goals = { sizeRatio: 5, coldLoadRatio: 3, maxZipBytes: 250_000 };
/** Function names on the command line (not an --out folder): measure only those. */
const requestedFunctions = process.argv
  .slice(2)
  .filter((arg, index, args) => !arg.startsWith("--") && args[index - 1] !== "--out");

const isWorkspacePackage = (dir) => !dir.split(path.sep).includes("node_modules");

/** Our code is bundled; every npm package stays an import of node_modules. */
const npmPackagesExternal = {
  name: "npm-packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@shoebox/") ? undefined : { path: args.path, external: true },
    );
  },
};

/** The production dependencies a deploy would install: workspace packages give their own. */
const productionRoots = (fn) => {
  const roots = new Map();
  const visit = (dir, packageJson) => {
    for (const name of Object.keys(packageJson.dependencies ?? {})) {
      const resolved = resolvePackageDir(name, dir);
      if (!resolved) throw new Error(`${name} (needed by ${packageJson.name}) is not installed`);
      if (isWorkspacePackage(resolved))
        visit(resolved, JSON.parse(readFileSync(path.join(resolved, "package.json"), "utf8")));
      else if (!roots.has(name)) roots.set(name, { name, dir: resolved });
    }
  };
  visit(fn.dir, fn.packageJson);
  return [...roots.values()];
};

const unbundledZip = async (fn, zipPath) => {
  const { files } = await bundleFunction({
    repoRoot,
    fn,
    minify: false,
    sourcemap: false,
    external: [],
    plugins: [npmPackagesExternal],
  });
  const packages = layOutPackages(productionRoots(fn), hostTarget());
  return writeDeterministicZip(zipPath, [
    ...files,
    ...packages.flatMap((pkg) => packageFiles(pkg, { prune: false })),
  ]);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const measure = async (variant, fn, smoke) => {
  const run = await invokeInFreshProcess({
    taskDir: variant.taskDir,
    functionName: fn.name,
    event: smoke.event,
    env: lambdaLikeEnv(fn.name, smoke.env),
    timeoutMs: 15_000,
    nodeOptions: variant.nodeOptions,
  });
  if (run.stage === "load" || run.stage === "crash" || run.stage === "loaded") {
    throw new Error(`${fn.name} (${variant.name}) did not run: ${run.error}`);
  }
  const mismatch =
    smoke.loadOnly || smoke.expect === undefined ? undefined : partialMismatch(run.result, smoke.expect);
  // A smoke event may expect the handler to throw a named error (a Step Functions task's answer).
  const answered = smoke.expectError
    ? run.stage === "invoke" && run.error.startsWith(`${smoke.expectError}: `)
    : !mismatch && run.stage === "done";
  return { coldMs: run.loadMs + (run.invokeMs ?? 0), wallMs: run.wallMs, answered };
};

const benchFunction = async (fn, artifact, scratchDir) => {
  const smoke = readSmokeEvent(fn.dir);
  const bundledZip = path.join(distDir, artifact.file);
  const unbundledZipPath = path.join(scratchDir, `${fn.name}-unbundled.zip`);
  const unbundled = await unbundledZip(fn, unbundledZipPath);
  const unzipped = async (zipPath, name) => {
    const taskDir = path.join(scratchDir, fn.name, name);
    const entries = await extractZip(zipPath, taskDir);
    return {
      taskDir,
      unzippedBytes: entries.reduce((sum, entry) => sum + entry.size, 0),
      files: entries.length,
      shipsPackages: entries.some((entry) => entry.name.startsWith("node_modules/")),
    };
  };
  const bundledTask = await unzipped(bundledZip, "bundled");
  const unbundledTask = await unzipped(unbundledZipPath, "unbundled");
  // Both as Terraform configures the functions (NODE_OPTIONS=--enable-source-maps).
  const variants = [
    { name: "bundled", taskDir: bundledTask.taskDir, nodeOptions: ["--enable-source-maps"], samples: [] },
    { name: "unbundled", taskDir: unbundledTask.taskDir, nodeOptions: ["--enable-source-maps"], samples: [] },
  ];
  // Interleaved, so a slow moment of the machine hits every variant alike.
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) variant.samples.push(await measure(variant, fn, smoke));
  }
  const summary = (variant) => ({
    coldMsMedian: round(median(variant.samples.map((sample) => sample.coldMs))),
    processWallMsMedian: round(median(variant.samples.map((sample) => sample.wallMs))),
    coldMs: variant.samples.map((sample) => round(sample.coldMs)),
    answeredAsExpected: variant.samples.every((sample) => sample.answered),
  });
  const [bundled, unbundledRuns] = variants.map(summary);
  return {
    smokeEvent: smoke.loadOnly ? "none (trivial event)" : "tests/events/smoke.json",
    heldToGoals: !bundledTask.shipsPackages,
    bundled: {
      zipBytes: artifact.bytes,
      unzippedBytes: bundledTask.unzippedBytes,
      files: bundledTask.files,
      ...bundled,
    },
    unbundled: {
      zipBytes: unbundled.bytes,
      unzippedBytes: unbundledTask.unzippedBytes,
      files: unbundledTask.files,
      ...unbundledRuns,
    },
    ratios: {
      zipBytes: round(unbundled.bytes / artifact.bytes),
      unzippedBytes: round(unbundledTask.unzippedBytes / bundledTask.unzippedBytes),
      coldMs: round(unbundledRuns.coldMsMedian / bundled.coldMsMedian),
      processWallMs: round(unbundledRuns.processWallMsMedian / bundled.processWallMsMedian),
    },
  };
};

const round = (value) => Math.round(value * 10) / 10;
const kb = (bytes) => `${Math.round(bytes / 1000)} KB`;

const main = async () => {
  assertLambdaNode();
  const started = performance.now();
  const inDist = (file) => describeDistPath(repoRoot, distDir, file);
  const manifestPath = path.join(distDir, "manifest.json");
  if (!existsSync(manifestPath))
    throw new Error(`${inDist("manifest.json")} is missing: run make build first`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.architecture !== hostTarget().architecture) {
    throw new Error(
      `${inDist("")} holds a ${manifest.architecture} build; this machine runs ${hostTarget().architecture}: rebuild without ARCH`,
    );
  }
  const unknown = requestedFunctions.filter((name) => !manifest.functions[name]);
  if (unknown.length > 0) throw new Error(`not in ${inDist("manifest.json")}: ${unknown.join(", ")}`);
  const functions = listFunctions(repoRoot).filter(
    (fn) =>
      manifest.functions[fn.name] &&
      (requestedFunctions.length === 0 || requestedFunctions.includes(fn.name)),
  );
  console.log(
    `bench: ${functions.length} function(s) from ${inDist("")}, bundled vs unbundled, ${runs} cold runs each, Node ${process.versions.node}`,
  );
  const scratchDir = await mkdtemp(path.join(tmpdir(), "shoebox-bench-"));
  const results = {};
  const failures = {};
  try {
    for (const fn of functions) {
      const functionStarted = performance.now();
      try {
        results[fn.name] = await benchFunction(fn, manifest.functions[fn.name], scratchDir);
        console.log(
          `  ${fn.name}: measured in ${((performance.now() - functionStarted) / 1000).toFixed(1)} s`,
        );
      } catch (error) {
        failures[fn.name] = error.message;
        console.log(`  ${fn.name}: NOT measured: ${error.message}`);
      }
    }
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }

  const header = [
    "function",
    "zip bundled",
    "zip unbundled",
    "size x",
    "cold bundled",
    "cold unbundled",
    "cold x",
    "answers",
    "goals",
  ];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    kb(r.bundled.zipBytes),
    kb(r.unbundled.zipBytes),
    `${r.ratios.zipBytes}x`,
    `${r.bundled.coldMsMedian} ms`,
    `${r.unbundled.coldMsMedian} ms`,
    `${r.ratios.coldMs}x`,
    r.bundled.answeredAsExpected && r.unbundled.answeredAsExpected ? "ok" : "DIFFER",
    r.heldToGoals ? "held" : "not held (ships packages)",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));

  const held = Object.values(results).filter((r) => r.heldToGoals);
  const goalsMet = {
    size: held.every((r) => r.ratios.zipBytes >= goals.sizeRatio),
    coldLoad: held.every((r) => r.ratios.coldMs >= goals.coldLoadRatio),
    maxZipBytes: held.every((r) => r.bundled.zipBytes <= goals.maxZipBytes),
  };
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `bench: for the ${held.length} function(s) held to the goals: size ${goals.sizeRatio}x ${goalsMet.size ? "met" : "NOT met"}, ` +
      `zip <= ${kb(goals.maxZipBytes)} ${goalsMet.maxZipBytes ? "met" : "NOT met"}, ` +
      `cold load ${goals.coldLoadRatio}x ${goalsMet.coldLoad ? "met" : "NOT met"}; ` +
      `${Object.keys(failures).length} not measured; ${seconds} s`,
  );
  if (Object.keys(failures).length > 0 || functions.length === 0) process.exitCode = 1;
  // A run of some functions would replace the results of all with theirs: only a full run writes.
  if (requestedFunctions.length > 0) {
    console.log(`bench: ${path.relative(repoRoot, resultsFile)} not written (functions were picked)`);
    return;
  }
  await mkdir(path.dirname(resultsFile), { recursive: true });
  await writeFile(
    resultsFile,
    stableStringify({
      measuredAt: new Date().toISOString(),
      node: process.versions.node,
      architecture: manifest.architecture,
      zips: inDist(""),
      runsPerVariant: runs,
      coldMs: "median of import(index.mjs) + first handler call, in a fresh process, timed inside it",
      goals,
      heldToGoals: "functions whose zip is the bundle alone (no packages shipped as files)",
      goalsMet,
      functions: results,
      notMeasured: failures,
    }),
  );
  console.log(`bench: -> ${path.relative(repoRoot, resultsFile)}`);
};

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
