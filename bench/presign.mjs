#!/usr/bin/env node
/*
 * Presigning many files (issue 17, item 2): POST /uploads with MAX_FILES_PER_REQUEST (500)
 * files, the real uploads-api handler on the local stack (moto, Terraform applied, the built zip
 * in the local Lambda runtime, the IAM gate), called over HTTP as a client calls it.
 *
 *   alone     PRESIGN_ROUNDS (default 20) requests one after another;
 *   parallel  PRESIGN_PARALLEL (default 8) requests at once, PRESIGN_ROUNDS / 2 times;
 *   largest   one request as large as the API allows: 500 receipts whose names are 255
 *             characters of 3-byte UTF-8 and whose hints are all at their longest, so the body
 *             is the largest a client can make it answer. Lambda refuses a synchronous response
 *             over 6 MB (6,291,456 bytes); the table shows how far below that it stays.
 *
 * Every request comes from a new user, so per-user limits never refuse a file; a request that
 * does not accept all 500 files fails the run. Prints a table (client-side latency p50/p99, the
 * response size) and writes bench/results/presign.json.
 *
 *   node bench/presign.mjs             # about 3 min on 2 cores (most of it starting the stack)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startBenchStack } from "./local-stack.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "presign.json");
const { PRESIGN_ROUNDS, PRESIGN_PARALLEL } = process.env;
const rounds = Number(PRESIGN_ROUNDS || 20);
const parallel = Number(PRESIGN_PARALLEL || 8);
const FILES = 500;
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;
const say = (line) => console.log(`[bench presign] ${line}`);

const typicalFiles = (request) =>
  Array.from({ length: FILES }, (_, index) => ({
    name: `IMG_${String(request * FILES + index).padStart(5, "0")}.jpg`,
    contentType: "image/jpeg",
    size: 3_500_000,
  }));

/** The largest body a client can make the API answer: the longest names and hints there are. */
const largestFiles = () =>
  Array.from({ length: FILES }, (_, index) => ({
    name: `${String(index).padStart(3, "0")}${"€".repeat(248)}.jpg`,
    contentType: "image/jpeg",
    size: 10_000_000,
    kind: "receipt",
    receipt: { merchant: "€".repeat(200), date: "2026-01-31", total: 123456789.12, currency: "EUR" },
  }));

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const main = async () => {
  const stack = await startBenchStack("presign", say);
  let users = 0;
  const presign = async (files) => {
    const token = await stack.token(`bench-presign-${process.pid}-${users++}`);
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ files }),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    const accepted = response.ok ? JSON.parse(body).uploads.length : 0;
    if (accepted !== files.length)
      throw new Error(
        `POST /uploads accepted ${accepted} of ${files.length} (${response.status}): ${body.slice(0, 300)}`,
      );
    return { ms, bytes: Buffer.byteLength(body) };
  };
  try {
    say("warming up (the first request starts the function)");
    await presign(typicalFiles(0));
    say(`alone: ${rounds} requests of ${FILES} files, one after another`);
    const alone = [];
    for (let round = 0; round < rounds; round++) alone.push(await presign(typicalFiles(round)));
    const parallelRounds = Math.max(1, Math.round(rounds / 2));
    say(`parallel: ${parallel} requests at once, ${parallelRounds} times`);
    const together = [];
    for (let round = 0; round < parallelRounds; round++)
      together.push(
        ...(await Promise.all(Array.from({ length: parallel }, (_, i) => presign(typicalFiles(i))))),
      );
    say("largest: 500 receipts with the longest names and hints the API takes");
    const largest = await presign(largestFiles());

    const row = (name, samples) => ({
      name,
      requests: samples.length,
      p50Ms: Math.round(
        percentile(
          samples.map((s) => s.ms),
          50,
        ),
      ),
      p99Ms: Math.round(
        percentile(
          samples.map((s) => s.ms),
          99,
        ),
      ),
      bytes: Math.max(...samples.map((s) => s.bytes)),
    });
    const rows = [row("alone", alone), row(`${parallel} in parallel`, together), row("largest", [largest])];
    console.log("");
    console.log("| requests of 500 files | n | p50 ms | p99 ms | response bytes | of Lambda's 6 MB |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.requests} | ${r.p50Ms} | ${r.p99Ms} | ${r.bytes.toLocaleString("en")} | ${((100 * r.bytes) / LAMBDA_RESPONSE_LIMIT).toFixed(1)} % |`,
      );
    console.log("");
    const result = {
      name: "presign",
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
      files: FILES,
      lambdaResponseLimitBytes: LAMBDA_RESPONSE_LIMIT,
      rows,
      samplesMs: { alone: alone.map((s) => s.ms), parallel: together.map((s) => s.ms) },
    };
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
    say(
      `500 files: p50 ${rows[0].p50Ms} ms alone, ${rows[1].p50Ms} ms with ${parallel} at once; largest body ${((100 * largest.bytes) / LAMBDA_RESPONSE_LIMIT).toFixed(1)} % of the 6 MB limit -> ${path.relative(repoRoot, resultsFile)}`,
    );
  } finally {
    await stack.stop();
  }
};

main().catch((error) => {
  console.error(`[bench presign] ${error.stack ?? error}`);
  process.exit(1);
});
