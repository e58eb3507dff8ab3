#!/usr/bin/env node
/*
 * Peak memory and time of decodeHeic on one HEIC, each run in a fresh Node process on the
 * bundled package, so nothing else is resident. One line per run, then a summary line.
 *
 *   .venv/bin/python packages/document-decoding/bench/make-heic.py 4032 3024 /tmp/12mp.heic
 *   node packages/document-decoding/bench/heic-decode.mjs /tmp/12mp.heic [runs]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundlePackage } from "./bundle.mjs";

const MIB = 1024 * 1024;

const child = async (file, bundle) => {
  const { decodeHeic, heicDecodeBytes, readHeicHeader, libheifHeapBytes } = await import(bundle);
  const bytes = readFileSync(file);
  const header = await readHeicHeader(bytes); // libheif is loaded from here on
  const rssWithLibheif = process.memoryUsage().rss;
  const started = performance.now();
  const image = await decodeHeic(bytes, { maxPixels: 1e9, maxDecodeBytes: 2 ** 40 });
  return {
    size: `${image.raw.width}x${image.raw.height}`,
    ms: Math.round(performance.now() - started),
    rssWithLibheifMiB: Math.round(rssWithLibheif / MIB),
    peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MIB),
    wasmHeapAfterMiB: Math.round(libheifHeapBytes() / MIB),
    estimateMiB: Math.round(heicDecodeBytes(header) / MIB),
  };
};

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await child(process.argv[3], process.argv[4])));
} else {
  const [file, runs = "3"] = process.argv.slice(2);
  if (!file) throw new Error("usage: heic-decode.mjs photo.heic [runs]");
  const bundle = await bundlePackage();
  // What loading the bundle alone takes (parsing it; libheif and pdfjs are evaluated on first use).
  const bare = Number(
    execFileSync(process.execPath, [
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(bundle)}); console.log(process.resourceUsage().maxRSS * 1024)`,
    ]),
  );
  const results = [];
  for (let run = 1; run <= Number(runs); run++) {
    const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", file, bundle], {
      encoding: "utf8",
    });
    const result = JSON.parse(output.trim().split("\n").at(-1));
    results.push(result);
    console.log(
      `  run ${run}: ${result.size} in ${result.ms} ms; RSS ${result.rssWithLibheifMiB} MiB with libheif loaded, peak ${result.peakRssMiB} MiB; wasm heap after ${result.wasmHeapAfterMiB} MiB`,
    );
  }
  const peak = Math.max(...results.map((result) => result.peakRssMiB));
  const summary = {
    file,
    size: results[0].size,
    runs: results.length,
    medianMs: results.map((result) => result.ms).sort((a, b) => a - b)[Math.floor(results.length / 2)],
    bundleLoadedRssMiB: Math.round(bare / MIB),
    peakRssMiB: peak,
    aboveBundleLoadedMiB: peak - Math.round(bare / MIB),
    estimateMiB: results[0].estimateMiB,
  };
  console.log(`heic-decode: ${JSON.stringify(summary)}`);
}
