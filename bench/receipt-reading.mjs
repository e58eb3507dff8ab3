#!/usr/bin/env node
/*
 * How well the offline reader reads receipts: functions/receipt-reader's readReceiptDocument
 * (tesseract.js) on a labelled corpus of 62 generated receipts (bench/receipt-corpus), each
 * file once, one after another, in a child process pinned to one core (taskset -c 0), as one
 * Lambda core would. Judged per field against labels.csv: total to the cent, date and
 * currency exactly, merchant by normalised Levenshtein similarity >= 0.8
 * (bench/receipt-corpus/score.mjs), side by side for clean scans, phone photos and the other
 * formats (PDF, HEIC), with photo / clean ratios; then time per receipt (median, p95) and the
 * reading process's peak RSS, and every receipt a field was missed on, with what was read.
 *
 *   node bench/receipt-reading.mjs [--corpus DIR] [--out FILE] [--limit N] [--reader stub]
 * --corpus   a folder with labels.csv (file,merchant,date,total,currency[,...]); default: the
 *            generated corpus, made once into node_modules/.cache/receipt-corpus/<generator hash>
 * --out      per-file results as JSON: [{file, merchant, date, total, currency, confidence, ...}]
 * --limit    read only N receipts, spread evenly over the corpus (a quick look)
 * --reader   `stub` answers from the labels with made-up mistakes (tests the harness only)
 * Writes bench/results/receipt-reading.json. Exit 1 if the reader could not be loaded or the
 * reading process died; a receipt the reader throws on counts as all four fields missed.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import sharp from "sharp";
import { stableStringify } from "../scripts/build/manifest.mjs";
import { npmPackagesAsImports } from "./npm-packages-as-imports.mjs";
import { generateCorpus } from "./receipt-corpus/generate.mjs";
import { parseLabels } from "./receipt-corpus/labels.mjs";
import { accuracyByGroup, FIELDS, scoreReading, styleGroup } from "./receipt-corpus/score.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpusCodeDir = path.join(repoRoot, "bench", "receipt-corpus");
const functionDir = path.join(repoRoot, "functions", "receipt-reader");
const readerSource = path.join(functionDir, "src", "read-document.ts");
const resultsFile = path.join(repoRoot, "bench", "results", "receipt-reading.json");
const GROUPS = ["clean", "photo", "pdf/heic"];
/** The files whose change changes the corpus (the cache folder's name is their hash). */
const GENERATOR_FILES = [
  "catalogue.mjs",
  "documents.mjs",
  "encode-heic.py",
  "generate.mjs",
  "labels.mjs",
  "locales.mjs",
  "pdf.mjs",
  "receipts.mjs",
  "render.mjs",
];
/** A field read wrong with at least this confidence would pass a workflow that trusts confidence. */
const CONFIDENT = 0.8;

const say = (line) => console.log(`[bench receipt-reading] ${line}`);
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
/** 1.93 s, or 12.4 ms below a second (the stub reader). */
const duration = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const percent = (part, whole) => (whole === 0 ? "-" : `${Math.round((100 * part) / whole)}%`);

const { values: options } = parseArgs({
  options: {
    corpus: { type: "string" },
    out: { type: "string" },
    limit: { type: "string" },
    reader: { type: "string", default: "function" },
  },
});

/**
 * The generated corpus, made once per version of its generator: the cache folder is named by a
 * hash of the generator's sources and sharp's version, so a changed generator makes a new one.
 * Its labels must equal the committed bench/receipt-corpus/labels.csv.
 */
const defaultCorpus = async () => {
  const hash = createHash("sha256").update(sharp.versions.sharp).update(sharp.versions.vips);
  for (const name of GENERATOR_FILES) hash.update(name).update(readFileSync(path.join(corpusCodeDir, name)));
  hash.update(readFileSync(path.join(repoRoot, "tools", "peak", "src", "random.ts")));
  const cacheDir = path.join(repoRoot, "node_modules", ".cache", "receipt-corpus");
  const dir = path.join(cacheDir, hash.digest("hex").slice(0, 16));
  if (!existsSync(path.join(dir, "labels.csv"))) {
    // Corpora of earlier generator versions are of no further use.
    await rm(cacheDir, { recursive: true, force: true });
    say(`generating the corpus into ${path.relative(repoRoot, dir)} (about 30 s, once)`);
    await generateCorpus(dir, {
      onProgress: (done, total) => done % 20 === 0 && say(`  ${done}/${total} receipts`),
    });
  }
  const committed = readFileSync(path.join(corpusCodeDir, "labels.csv"), "utf8");
  if (readFileSync(path.join(dir, "labels.csv"), "utf8") !== committed)
    throw new Error(
      "the generator's labels differ from bench/receipt-corpus/labels.csv: regenerate them with " +
        "`node bench/receipt-corpus/generate.mjs --out DIR` and copy DIR/labels.csv there",
    );
  return dir;
};

/** N rows spread evenly over the corpus, first and last included, so a quick run sees every style. */
const spread = (rows, limit) => {
  if (!limit || limit >= rows.length) return rows;
  if (limit === 1) return rows.slice(0, 1);
  return Array.from(
    { length: limit },
    (_, index) => rows[Math.round((index * (rows.length - 1)) / (limit - 1))],
  );
};

/**
 * The reader as the function runs it: read-document.ts and our workspace packages bundled by
 * esbuild (Node cannot strip the runtime package's TypeScript: parameter properties), every
 * npm package left an import of functions/receipt-reader/node_modules, so tesseract.js, its
 * worker script and its traineddata resolve exactly as they do in the function's tests.
 */
const bundleReader = async (scratchDir) => {
  if (!existsSync(readerSource))
    throw new Error(`${path.relative(repoRoot, readerSource)} does not exist yet: run with --reader stub`);
  const outfile = path.join(scratchDir, "receipt-reader.mjs");
  await esbuild.build({
    entryPoints: [readerSource],
    bundle: true,
    outfile,
    platform: "node",
    format: "esm",
    target: "node22",
    plugins: [npmPackagesAsImports],
    logLevel: "silent",
  });
  return outfile;
};

/** Runs read-corpus.mjs pinned to core 0; resolves with its result lines. */
const readInChildProcess = async ({ readerModule, corpusDir, files, scratchDir }) => {
  const resultsPath = path.join(scratchDir, "readings.jsonl");
  const logPath = path.join(scratchDir, "reader.log");
  const script = path.join(corpusCodeDir, "read-corpus.mjs");
  const args = [
    script,
    "--reader",
    readerModule,
    "--corpus",
    corpusDir,
    "--files",
    files.join(","),
    "--results",
    resultsPath,
  ];
  const pinned = existsSync("/usr/bin/taskset") || existsSync("/bin/taskset");
  const [command, commandArgs] = pinned
    ? ["taskset", ["-c", "0", process.execPath, ...args]]
    : [process.execPath, args];
  const log = [];
  const code = await new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: repoRoot,

      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk) => {
      log.push(chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (exitCode) => resolve(exitCode ?? 1));
  });
  await writeFile(logPath, Buffer.concat(log));
  const lines = existsSync(resultsPath)
    ? (await readFile(resultsPath, "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  if (code !== 0) {
    const tail = Buffer.concat(log).toString().trim().split("\n").slice(-15).join("\n  ");
    throw new Error(`the reading process exited with ${code} after ${lines.length} receipt(s):\n  ${tail}`);
  }
  return { readings: lines.filter((line) => line.file), peakRssKiB: lines.at(-1)?.peakRssKiB, pinned };
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

const printTable = (header, rows) => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
};

const shown = (value) => (value === null || value === undefined ? "nothing" : JSON.stringify(value));

/** One line per receipt with a missed field: expected -> read (confidence). */
const describeMisses = (results) =>
  results
    .filter((result) => !result.score.allFields)
    .map((result) => {
      if (result.error) return `${result.file}: reader failed: ${result.error}`;
      const misses = FIELDS.filter((field) => !result.score.correct[field]).map((field) => {
        const read = result.reading?.[field];
        const notes = [
          ...(field === "merchant" && read
            ? [`similarity ${result.score.merchantSimilarity.toFixed(2)}`]
            : []),
          ...(read ? [`confidence ${read.confidence.toFixed(2)}`] : []),
        ];
        return `${field} ${JSON.stringify(result.label[field])} -> ${shown(read?.value)}${notes.length ? ` (${notes.join(", ")})` : ""}`;
      });
      return `${result.file}: ${misses.join("; ")}`;
    });

const main = async () => {
  const started = performance.now();
  const corpusDir = options.corpus ? path.resolve(options.corpus) : await defaultCorpus();
  const labels = spread(
    parseLabels(await readFile(path.join(corpusDir, "labels.csv"), "utf8")),
    options.limit ? Number(options.limit) : undefined,
  );
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), "shoebox-bench-receipts-"));
  try {
    const stub = options.reader === "stub";
    const readerModule = stub ? path.join(corpusCodeDir, "stub-reader.mjs") : await bundleReader(scratchDir);
    const readerName = stub
      ? "stub (answers from labels.csv with made-up mistakes; measures the harness, not OCR)"
      : "functions/receipt-reader/src/read-document.ts readReceiptDocument, bundled by esbuild";
    say(`${labels.length} receipts from ${corpusDir}; reader: ${readerName}`);
    const { readings, peakRssKiB, pinned } = await readInChildProcess({
      readerModule,
      corpusDir,
      files: labels.map((label) => label.file),
      scratchDir,
    });
    if (!pinned) say("taskset not found: the reading process ran on every core (apt-get install util-linux)");

    const byFile = new Map(readings.map((reading) => [reading.file, reading]));
    const results = labels.map((label) => {
      const read = byFile.get(label.file);
      const reading = read?.reading ?? null;
      return {
        file: label.file,
        style: label.style ?? "clean",
        label,
        reading,
        error: read?.error ?? (read ? undefined : "not read"),
        ms: read?.ms,
        score: scoreReading(label, reading),
      };
    });

    const accuracy = accuracyByGroup(results);
    const presentGroups = GROUPS.filter((group) => accuracy[group].receipts > 0);
    const cell = (group, field) => {
      const stats = accuracy[group];
      const right = field === "allFields" ? stats.allFields.right : stats[field].right;
      return `${right}/${stats.receipts} ${percent(right, stats.receipts)}`;
    };
    const ratio = (field) => {
      const rate = (group) =>
        accuracy[group].receipts
          ? (field === "allFields" ? accuracy[group].allFields.right : accuracy[group][field].right) /
            accuracy[group].receipts
          : null;
      const clean = rate("clean");
      const photo = rate("photo");
      return clean && photo !== null ? `${(photo / clean).toFixed(2)}x` : "-";
    };
    console.log("");
    printTable(
      [
        "field",
        ...presentGroups.map((group) => `${group} (${accuracy[group].receipts})`),
        `all (${results.length})`,
        "photo / clean",
      ],
      [...FIELDS, "allFields"].map((field) => [
        field === "allFields" ? "all four" : field,
        ...presentGroups.map((group) => cell(group, field)),
        cell("all", field),
        ratio(field),
      ]),
    );
    const confidentlyWrong = Object.fromEntries(
      FIELDS.map((field) => [
        field,
        results.filter(
          (result) => !result.score.correct[field] && (result.reading?.[field]?.confidence ?? 0) >= CONFIDENT,
        ).length,
      ]),
    );
    const unread = Object.fromEntries(FIELDS.map((field) => [field, accuracy.all[field].unread]));
    console.log(
      `missed fields read as nothing: ${FIELDS.map((field) => `${field} ${unread[field]}`).join(", ")}; ` +
        `read wrong with confidence >= ${CONFIDENT}: ${FIELDS.map((field) => `${field} ${confidentlyWrong[field]}`).join(", ")}`,
    );

    const times = results.filter((result) => result.ms !== undefined).map((result) => result.ms);
    const timing = {
      medianMs: round(median(times)),
      p95Ms: round(percentile(times, 95)),
      maxMs: round(Math.max(...times)),
      firstMs: results[0]?.ms ?? null,
      byGroup: Object.fromEntries(
        presentGroups.map((group) => {
          const groupTimes = results
            .filter((result) => styleGroup(result.style) === group && result.ms !== undefined)
            .map((result) => result.ms);
          return [group, { medianMs: round(median(groupTimes)), p95Ms: round(percentile(groupTimes, 95)) }];
        }),
      ),
    };
    const peakRssMiB = peakRssKiB ? round(peakRssKiB / 1024) : null;
    console.log("");
    printTable(
      ["time per receipt", "median", "p95", ...presentGroups.map((group) => `${group} median / p95`)],
      [
        [
          pinned ? "one core (taskset -c 0)" : "unpinned",
          duration(timing.medianMs),
          duration(timing.p95Ms),
          ...presentGroups.map(
            (group) =>
              `${duration(timing.byGroup[group].medianMs)} / ${duration(timing.byGroup[group].p95Ms)}`,
          ),
        ],
      ],
    );
    console.log(
      `first receipt (includes starting the OCR engine): ${duration(timing.firstMs ?? 0)}; ` +
        `slowest ${duration(timing.maxMs)}; peak RSS of the reading process ${peakRssMiB} MiB`,
    );

    const misses = describeMisses(results);
    console.log(`\nreceipts with a missed field (${misses.length} of ${results.length}):`);
    for (const miss of misses) console.log(`  ${miss}`);

    const perFile = results.map((result) => ({
      file: result.file,
      style: result.style,
      merchant: result.reading?.merchant?.value ?? null,
      date: result.reading?.date?.value ?? null,
      total: result.reading?.total?.value ?? null,
      currency: result.reading?.currency?.value ?? null,
      confidence: Object.fromEntries(
        FIELDS.map((field) => [field, result.reading?.[field]?.confidence ?? null]),
      ),
      expected: {
        merchant: result.label.merchant,
        date: result.label.date,
        total: result.label.total,
        currency: result.label.currency,
      },
      correct: result.score.correct,
      merchantSimilarity: round(result.score.merchantSimilarity, 3),
      ms: result.ms ?? null,
      error: result.error ?? null,
    }));
    if (options.out) {
      await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
      await writeFile(path.resolve(options.out), `${JSON.stringify(perFile, null, 2)}\n`);
    }

    const cpus = os.cpus();
    const tesseractVersion = (() => {
      try {
        const manifest = path.join(functionDir, "node_modules", "tesseract.js", "package.json");
        return JSON.parse(readFileSync(manifest, "utf8")).version;
      } catch {
        return null;
      }
    })();
    const corpusHash = createHash("sha256")
      .update(readFileSync(path.join(corpusDir, "labels.csv")))
      .digest("hex");
    const summary = stableStringify({
      measuredAt: new Date().toISOString(),
      machine: {
        cpuModel: cpus[0]?.model ?? "unknown",
        cores: os.availableParallelism(),
        memoryGiB: round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        loadAverage: os.loadavg().map((load) => round(load, 2)),
      },
      versions: { node: process.versions.node, tesseractJs: tesseractVersion, sharp: sharp.versions.sharp },
      method: {
        reader: readerName,
        corpus: options.corpus ? path.relative(repoRoot, corpusDir) : "bench/receipt-corpus (generated)",
        labelsSha256: corpusHash,
        receipts: results.length,
        limit: options.limit ? Number(options.limit) : null,
        reading: `each file once, in labels.csv order, in one process ${pinned ? "pinned to core 0 (taskset -c 0)" : "(not pinned: no taskset)"}`,
        scoring: {
          total: "to the cent",
          date: "exactly (YYYY-MM-DD)",
          currency: "exactly (ISO 4217)",
          merchant:
            "1 - Levenshtein / longer length on names lower-cased, punctuation dropped, spaces collapsed; >= 0.8",
        },
        confidentlyWrong: `read wrong with confidence >= ${CONFIDENT}`,
        timing: "wall time of one readReceiptDocument call; nearest-rank p95",
        peakRss: "process.resourceUsage().maxRSS of the reading process at the end",
      },
      accuracy,
      confidentlyWrong,
      timing,
      peakRssMiB,
      misses,
    });
    // The stub's figures say nothing about reading receipts: they must not replace a real run's.
    if (!stub) {
      await mkdir(path.dirname(resultsFile), { recursive: true });
      await writeFile(resultsFile, summary);
    }

    const rate = (field) => percent(accuracy.all[field].right, accuracy.all.receipts);
    const byGroup = (field) =>
      presentGroups
        .map((group) => `${group} ${percent(accuracy[group][field].right, accuracy[group].receipts)}`)
        .join(", ");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `\nreceipt-reading: total ${rate("total")} (${byGroup("total")}), date ${rate("date")}, merchant ${rate("merchant")}, ` +
        `currency ${rate("currency")}, all four ${rate("allFields")} of ${results.length}; ` +
        `median ${duration(timing.medianMs)}/receipt, p95 ${duration(timing.p95Ms)}, ` +
        `peak RSS ${peakRssMiB} MiB; ${seconds} s -> ${stub ? "not written (stub reader)" : path.relative(repoRoot, resultsFile)}`,
    );
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(`bench receipt-reading: ${error.message}`);
  process.exitCode = 1;
});
