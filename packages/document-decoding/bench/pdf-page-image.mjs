#!/usr/bin/env node
/*
 * Peak memory and time of pdfPageImage on a scanned page (one JPEG of the given size), each run
 * in a fresh Node process on the bundled package. One line per run, then a summary line.
 *
 *   node packages/document-decoding/bench/pdf-page-image.mjs 2480 3508 [runs]   # A4 at 300 dpi
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { bundlePackage } from "./bundle.mjs";

const MIB = 1024 * 1024;

/** A scanned page: noise, so the JPEG weighs what a real scan does. */
const scannedPdf = async (width, height) => {
  const noise = await sharp({
    create: { width, height, channels: 3, noise: { type: "gaussian", mean: 200, sigma: 30 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  const document = await PDFDocument.create();
  const image = await document.embedJpg(noise);
  document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  const file = path.join(tmpdir(), `scan-${width}x${height}.pdf`);
  writeFileSync(file, await document.save());
  return file;
};

const child = async (file, bundle) => {
  const { pdfPageImage } = await import(bundle);
  const bytes = readFileSync(file);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const image = await pdfPageImage(bytes, 1, { maxPixels: 1e9, maxDecodeBytes: 2 ** 40 });
  return {
    size: `${image.raw.width}x${image.raw.height}`,
    ms: Math.round(performance.now() - started),
    rssBeforeMiB: Math.round(rssBefore / MIB),
    peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MIB),
  };
};

if (process.argv[2] === "--child") {
  console.log(JSON.stringify(await child(process.argv[3], process.argv[4])));
} else {
  const [width = "2480", height = "3508", runs = "3"] = process.argv.slice(2);
  const file = await scannedPdf(Number(width), Number(height));
  const bundle = await bundlePackage();
  const { pdfPageDecodeBytes } = await import(bundle);
  // What loading the bundle alone takes (parsing it; pdfjs and libheif are evaluated on first use).
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
      stdio: ["ignore", "pipe", "ignore"],
    });
    // The last line: pdfjs warns on load that it has no @napi-rs/canvas (we never render).
    const result = JSON.parse(output.trim().split("\n").at(-1));
    results.push(result);
    console.log(
      `  run ${run}: ${result.size} in ${result.ms} ms; RSS ${result.rssBeforeMiB} MiB before, peak ${result.peakRssMiB} MiB`,
    );
  }
  const peak = Math.max(...results.map((result) => result.peakRssMiB));
  const summary = {
    size: `${width}x${height}`,
    runs: results.length,
    medianMs: results.map((result) => result.ms).sort((a, b) => a - b)[Math.floor(results.length / 2)],
    bundleLoadedRssMiB: Math.round(bare / MIB),
    peakRssMiB: peak,
    aboveBundleLoadedMiB: peak - Math.round(bare / MIB),
    estimateMiB: Math.round(pdfPageDecodeBytes([{ width: Number(width), height: Number(height) }]) / MIB),
  };
  console.log(`pdf-page-image: ${JSON.stringify(summary)}`);
}
