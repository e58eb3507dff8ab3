#!/usr/bin/env node
/*
 * Maps a deployed function's stack trace back to the TypeScript it was built from. The zips
 * hold no source map (see scripts/build/README.md): the build writes it beside the zip, as
 * dist/<function>.mjs.map, and this reads it. Use the map of the build that was deployed.
 *
 *   node scripts/symbolicate.mjs <function> < trace.txt       # paste a trace from CloudWatch
 *   node scripts/symbolicate.mjs <function> --out /tmp/x < trace.txt   # maps of another build folder
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { text } from "node:stream/consumers";
import { fileURLToPath } from "node:url";
import { distDirFrom } from "./build/dist-dir.mjs";
import { sourceMapFileOf } from "./build/manifest.mjs";
import { symbolicate } from "./build/symbolicate.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outFlag = args.indexOf("--out");
const [functionName] = args.filter(
  (arg, index) => !arg.startsWith("--") && (outFlag === -1 || index !== outFlag + 1),
);
if (!functionName) {
  console.error("usage: node scripts/symbolicate.mjs <function> [--out <build folder>] < trace.txt");
  process.exit(2);
}
const mapFile = path.join(distDirFrom({ repoRoot }), sourceMapFileOf(functionName));
if (!existsSync(mapFile)) {
  console.error(`symbolicate: ${mapFile} is missing: build the deployed commit (node scripts/build.mjs)`);
  process.exit(1);
}
process.stdout.write(symbolicate(await text(process.stdin), readFileSync(mapFile, "utf8")));
