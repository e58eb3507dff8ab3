#!/usr/bin/env node
/*
 * Builds every Lambda function into dist/<name>.zip and writes dist/manifest.json, which
 * Terraform reads. See scripts/build/README.md for what goes into a zip and why.
 *
 *   node scripts/build.mjs              # for this machine's architecture
 *   ARCH=arm64 node scripts/build.mjs   # x86_64 or arm64
 *   node scripts/build.mjs --verbose    # also the AWS commands each bundle can send
 *   node scripts/build.mjs --out /tmp/x # into another folder (or SHOEBOX_DIST_DIR); default dist/
 */
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pMap from "p-map";
import { describeDistPath, distDirFrom } from "./build/dist-dir.mjs";
import { BuildError } from "./build/errors.mjs";
import { buildFunctionZip } from "./build/function-zip.mjs";
import { listFunctions } from "./build/functions.mjs";
import { buildManifest, manifestFile, removeStaleArtifacts, writeManifest } from "./build/manifest.mjs";
import { targetFromEnv } from "./build/target.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const verbose = process.argv.slice(2).some((arg) => arg === "--verbose" || arg === "-v");

const formatBytes = (bytes) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

/** The AWS commands a bundle can send and those its clients send on their own, for --verbose. */
const describeAwsCommands = ({ awsCommands, clientCommands }) => {
  const indent = " ".repeat(4);
  const lines = [`${indent}sends: ${awsCommands.join(", ") || "no AWS command"}`];
  for (const { command, sentByClient } of clientCommands) {
    lines.push(`${indent}not counted: ${command}, sent by the client itself (${sentByClient})`);
  }
  return lines.join("\n");
};

const main = async () => {
  const started = performance.now();
  const distDir = distDirFrom({ repoRoot });
  const inDist = (file) => describeDistPath(repoRoot, distDir, file);
  const target = targetFromEnv();
  const functions = listFunctions(repoRoot);
  console.log(
    `build: ${functions.length} function(s) for ${target.architecture} (${target.os}-${target.cpu}, ${target.libc})`,
  );
  await mkdir(distDir, { recursive: true });

  let failed = 0;
  const built = await pMap(
    functions,
    async (fn) => {
      try {
        const result = await buildFunctionZip({ repoRoot, distDir, fn, target });
        const native = result.packages.length ? `  + node_modules: ${result.packages.join(", ")}` : "";
        console.log(
          `  ${fn.name.padEnd(24)} ${formatBytes(result.bytes).padStart(10)} ${`${result.ms} ms`.padStart(8)}${native}`,
        );
        for (const warning of result.warnings) console.log(`    warning: ${warning}`);
        if (verbose) console.log(describeAwsCommands(result));
        return result;
      } catch (error) {
        failed++;
        console.error(
          `  ${fn.name.padEnd(24)} FAILED: ${error instanceof BuildError ? error.message : error.stack}`,
        );
        return undefined;
      }
    },
    { concurrency: availableParallelism() },
  );

  const removed = await removeStaleArtifacts(
    distDir,
    functions.map((fn) => fn.name),
  );
  for (const file of removed) console.log(`  removed stale ${inDist(file)}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (failed > 0) {
    // A manifest naming zips from two different builds would deploy a mix: leave none.
    await rm(path.join(distDir, manifestFile), { force: true });
    console.error(
      `build: ${failed} of ${functions.length} function(s) failed in ${seconds} s; ${inDist(manifestFile)} removed`,
    );
    process.exitCode = 1;
    return;
  }
  await writeManifest(distDir, buildManifest(target.architecture, built));
  const total = built.reduce((sum, result) => sum + result.bytes, 0);
  console.log(
    `build: ${built.length} function(s) for ${target.architecture}, ${formatBytes(total)} in ${seconds} s -> ${inDist(manifestFile)}`,
  );
};

main().catch((error) => {
  console.error(`build: ${error instanceof BuildError ? error.message : error.stack}`);
  process.exitCode = 1;
});
