#!/usr/bin/env node
/*
 * The bench's reading process: one reader module, the corpus's files one after another, each
 * timed on its own. bench/receipt-reading.mjs starts it pinned to one core (taskset -c 0) so
 * the figures are a single Lambda-sized core's. Results go to a JSON-lines file, not stdout,
 * because a reader may log there: one line per file ({file, ms, reading} or {file, ms, error})
 * and a last line with the process's peak RSS.
 *
 *   node bench/receipt-corpus/read-corpus.mjs --reader MODULE --corpus DIR --files a.png,b.jpg --results FILE
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** What a client would upload each corpus file as. */
const CONTENT_TYPES = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".pdf": "application/pdf",
  ".heic": "image/heic",
};

const { values } = parseArgs({
  options: {
    reader: { type: "string" },
    corpus: { type: "string" },
    files: { type: "string" },
    results: { type: "string" },
  },
});
const { readReceiptDocument, useCorpus } = await import(pathToFileURL(values.reader).href);
if (typeof readReceiptDocument !== "function")
  throw new Error(`${values.reader} exports no readReceiptDocument`);
// Only the bench's stub reader has this: it answers from the corpus's labels.
useCorpus?.(values.corpus);

writeFileSync(values.results, "");
for (const file of values.files.split(",")) {
  const bytes = new Uint8Array(readFileSync(path.join(values.corpus, file)));
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  const started = performance.now();
  let outcome;
  try {
    outcome = { reading: await readReceiptDocument(bytes, contentType) };
  } catch (error) {
    outcome = { error: `${error?.name ?? "Error"}: ${error?.message ?? String(error)}` };
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  appendFileSync(values.results, `${JSON.stringify({ file, ms, ...outcome })}\n`);
}
// resourceUsage().maxRSS is in KiB: the whole process, the reader's worker threads included.
appendFileSync(values.results, `${JSON.stringify({ peakRssKiB: process.resourceUsage().maxRSS })}\n`);
// A reader may keep an OCR worker alive between calls, as it would in a warm Lambda.
process.exit(0);
