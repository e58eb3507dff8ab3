#!/usr/bin/env node
// Runs every suite CI runs, in order, streaming their output, and ends with one line
// "N passed, N failed" over all of them: vitest tests (the packages' and the build scripts'),
// smoke-tested zips, the Python tests of our moto patches, Terraform tests and the single checks
// (lint, import cycles, types, build, reproducible build).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0 };
const summary = [];

const run = (command, args, env = {}) =>
  new Promise((resolve) => {
    let tail = "";
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const relay = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", relay(process.stdout));
    child.stderr.on("data", relay(process.stderr));
    child.on("error", (error) => resolve({ code: 1, tail: `${tail}\n${command}: ${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, tail }));
  });

const record = (name, passed, failed, seconds) => {
  totals.passed += passed;
  totals.failed += failed;
  summary.push(
    `${failed ? "FAIL" : "ok  "} ${name.padEnd(20)} ${passed} passed, ${failed} failed (${seconds.toFixed(1)} s)`,
  );
};

const step = async (name, command, args, count) => {
  console.log(`\n=== ${name}: ${[command, ...args].join(" ")}`);
  const started = performance.now();
  const result = await run(command, args);
  const seconds = (performance.now() - started) / 1000;
  const { passed, failed } = count(result);
  record(name, passed, failed, seconds);
  return result;
};

/** A check that passes or fails as a whole. */
const byExitCode = ({ code }) => (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

/** Reads the last "<label>: N passed, N failed" line a suite printed; a suite that crashed counts as one failure. */
const byResultLine =
  (label) =>
  ({ code, tail }) => {
    const lines = [...tail.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, "gm"))];
    const last = lines.at(-1);
    if (!last) return { passed: 0, failed: 1 };
    const counted = { passed: Number(last[1]), failed: Number(last[2]) };
    return code !== 0 && counted.failed === 0 ? { ...counted, failed: 1 } : counted;
  };

/** Reads Python unittest's "Ran N tests" and its "FAILED (failures=F, errors=E)" or "OK". */
const byUnittest = ({ code, tail }) => {
  const ran = tail.match(/^Ran (\d+) tests? in/m);
  if (!ran) return { passed: 0, failed: 1 };
  const failures = Number(tail.match(/^FAILED \(.*?failures=(\d+)/m)?.[1] ?? 0);
  const errors = Number(tail.match(/^FAILED \(.*?errors=(\d+)/m)?.[1] ?? 0);
  const failed = failures + errors || (code === 0 ? 0 : 1);
  return { passed: Number(ran[1]) - failures - errors, failed };
};

/** The workspace's packages, as pnpm-workspace.yaml lists them (`group/*` or a folder). */
const workspacePackages = () =>
  readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
    .split(/^packages:$/m)[1]
    .split(/^\S/m)[0]
    .split("\n")
    .map((line) => /^\s+-\s+"?([^"\s]+)"?/.exec(line)?.[1])
    .filter(Boolean)
    .flatMap((pattern) =>
      pattern.endsWith("/*")
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => join(root, pattern.slice(0, -2), entry.name))
        : [join(root, pattern)],
    )
    .filter((dir) => existsSync(join(dir, "package.json")));

const VITEST_RESULTS = ".vitest/results.json";

/** Sums the vitest JSON reports in these folders; a suite that crashed before reporting counts as one failure. */
const byVitestReports =
  (dirs) =>
  ({ code }) => {
    let passed = 0;
    let failed = 0;
    for (const dir of dirs()) {
      const report = join(dir, VITEST_RESULTS);
      if (!existsSync(report)) continue;
      const results = JSON.parse(readFileSync(report, "utf8"));
      passed += results.numPassedTests;
      failed += results.numFailedTests + (results.numFailedTestSuites ?? 0);
    }
    if (code !== 0 && failed === 0) failed = 1;
    return { passed, failed };
  };

/** The build scripts' tests live in scripts/tests, outside the workspace packages turbo runs. */
const scriptsDir = join(root, "scripts");

const manifestHashes = () => {
  const manifest = join(root, "dist", "manifest.json");
  if (!existsSync(manifest)) return undefined;
  const { functions } = JSON.parse(readFileSync(manifest, "utf8"));
  return Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.sha256]));
};

const started = performance.now();
await step("lint", "biome", ["check", "."], byExitCode);
// Modules import in one direction: a cycle means two of them share a job that belongs in one.
await step(
  "import cycles",
  "madge",
  [
    "--circular",
    "--extensions",
    "ts,mjs",
    "--ts-config",
    "tsconfig.base.json",
    "functions",
    "packages",
    "tools",
    "scripts",
    "bench",
  ],
  byExitCode,
);
await step("typecheck", "turbo", ["run", "typecheck", "--output-logs=errors-only"], byExitCode);
await step("build", "node", ["scripts/build.mjs"], byExitCode);
const firstHashes = manifestHashes();
await step("reproducible build", "node", ["scripts/build.mjs"], (result) => {
  const same = firstHashes !== undefined && JSON.stringify(firstHashes) === JSON.stringify(manifestHashes());
  if (!same) console.error("the second build produced different zips: builds are not reproducible");
  return byExitCode({ code: same ? result.code : 1 });
});
await step("smoke", "node", ["scripts/smoke-test.mjs"], byResultLine("smoke"));
for (const dir of workspacePackages()) rmSync(join(dir, VITEST_RESULTS), { force: true });
await step(
  "vitest",
  "turbo",
  [
    "run",
    "test",
    "--concurrency=2",
    "--",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${VITEST_RESULTS}`,
  ],
  byVitestReports(workspacePackages),
);
rmSync(join(scriptsDir, VITEST_RESULTS), { force: true });
await step(
  "scripts",
  "vitest",
  [
    "run",
    "--config",
    "scripts/vitest.config.mjs",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${VITEST_RESULTS}`,
  ],
  byVitestReports(() => [scriptsDir]),
);
await step(
  "moto patches",
  join(root, ".venv", "bin", "python"),
  ["-m", "unittest", "discover", "-s", "tools/testing/moto", "-v"],
  byUnittest,
);
await step("terraform", "bash", ["scripts/tf-check.sh"], byResultLine("tf-check"));

console.log(`\n=== summary (${((performance.now() - started) / 1000).toFixed(0)} s)`);
for (const line of summary) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
