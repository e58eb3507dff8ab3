#!/usr/bin/env node
/*
 * The labelled receipt corpus for bench/receipt-reading.mjs: 62 receipts (26 clean scans, 30
 * phone photos, 4 PDFs, 2 HEIC photos) in US, UK and euro formats, with labels.csv (file,
 * merchant, date, total, currency, style) and manifest.json (how each file was made: locale,
 * date format, rotation, shear, blur, JPEG quality...). Deterministic: every choice comes from
 * a seeded generator, so two runs write the same bytes (the result line's hash shows it).
 *
 *   node bench/receipt-corpus/generate.mjs --out DIR      # about 30 s on one core
 * Needs sharp (root devDependency) and, for the HEIC photos, .venv's pillow-heif.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderDocument } from "./documents.mjs";
import { formatLabelsCsv } from "./labels.mjs";
import { corpusLayout, planReceipt } from "./receipts.mjs";

/**
 * Writes every receipt, labels.csv and manifest.json into `outDir`; returns the labels and a
 * SHA-256 over every file written (names and bytes, in order).
 *
 * @example
 * const { labels, sha256 } = await generateCorpus("/tmp/receipts");
 */
export const generateCorpus = async (outDir, { onProgress } = {}) => {
  await mkdir(outDir, { recursive: true });
  const receipts = corpusLayout().map(planReceipt);
  const corpusHash = createHash("sha256");
  const labels = [];
  const manifest = [];
  for (const [position, receipt] of receipts.entries()) {
    const { file, contentType, bytes, made } = await renderDocument(receipt);
    await writeFile(path.join(outDir, file), bytes);
    corpusHash.update(file).update(bytes);
    labels.push({ file, ...receipt.label, style: receipt.style });
    manifest.push({
      file,
      style: receipt.style,
      contentType,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      locale: receipt.locale,
      kind: receipt.merchant.kind,
      items: receipt.items.length,
      dateFormat: receipt.dateFormat,
      dateText: receipt.dateText,
      totalWord: receipt.totalWord,
      payment: receipt.payment.method,
      ...made,
    });
    onProgress?.(position + 1, receipts.length, file);
  }
  const labelsCsv = formatLabelsCsv(labels);
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(path.join(outDir, "labels.csv"), labelsCsv);
  await writeFile(path.join(outDir, "manifest.json"), manifestJson);
  corpusHash.update("labels.csv").update(labelsCsv).update("manifest.json").update(manifestJson);
  return { labels, sha256: corpusHash.digest("hex") };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  if (!values.out) {
    console.error("usage: node bench/receipt-corpus/generate.mjs --out DIR");
    process.exit(2);
  }
  const outDir = path.resolve(values.out);
  const started = performance.now();
  const { labels, sha256 } = await generateCorpus(outDir, {
    onProgress: (done, total, file) => {
      if (done % 10 === 0 || done === total) console.log(`[receipt corpus] ${done}/${total} ${file}`);
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`receipt corpus: ${labels.length} receipts in ${outDir} (${seconds} s), sha256 ${sha256}`);
}
