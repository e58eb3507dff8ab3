#!/usr/bin/env node
// `make bench`: every benchmark in turn, each printing its own table and writing
// bench/results/<name>.json; then one line per benchmark with its result line.
import { spawn } from "node:child_process";

const benchmarks = [
  { name: "zip-cold-start", script: "bench/zip-cold-start.mjs" },
  { name: "thumbnails", script: "bench/thumbnails.mjs" },
  { name: "moto-patches", script: "bench/moto-patches.mjs" },
  { name: "iam-gate", script: "bench/iam-gate.mjs" },
  { name: "db-upsert", script: "bench/db-upsert.mjs" },
  { name: "peak", script: "bench/peak.mjs" },
  { name: "receipt-reading", script: "bench/receipt-reading.mjs" },
  { name: "delivery-order", script: "bench/delivery-order.mjs" },
  { name: "presign", script: "bench/presign.mjs" },
  { name: "pipeline", script: "bench/pipeline.mjs" },
  { name: "dev-start", script: "bench/dev-start.mjs" },
];

const root = new URL("..", import.meta.url).pathname;
const results = [];
for (const { name, script } of benchmarks) {
  console.log(`\n=== bench ${name}: node ${script}`);
  const { code, last } = await new Promise((resolve) => {
    let last = "";
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      const lines = chunk.toString().trim().split("\n");
      last = lines.at(-1) || last;
    });
    child.on("close", (exitCode) => resolve({ code: exitCode ?? 1, last }));
  });
  results.push(`${code === 0 ? "ok  " : "FAIL"} ${name.padEnd(16)} ${last}`);
}
console.log("\n=== benchmarks (figures in bench/results/)");
for (const line of results) console.log(line);
process.exit(results.some((line) => line.startsWith("FAIL")) ? 1 : 0);
