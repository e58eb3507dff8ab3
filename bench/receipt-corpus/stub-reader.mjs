/*
 * A stand-in for functions/receipt-reader's readReceiptDocument, private to the bench: it
 * recognises a corpus file by its SHA-256 (manifest.json) and answers from its label, with
 * made-up mistakes of the kinds OCR makes (a subtotal taken for the total, a day and month
 * swapped, a merchant read with its store number, a field not found), more on photos than on
 * scans. It exercises the harness and the scoring (`--reader stub`); it measures nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { seededRandom } from "../../tools/peak/src/random.ts";
import { parseLabels } from "./labels.mjs";

let labels = new Map();
let fileByHash = new Map();

/** The corpus the stub answers for (read-corpus.mjs calls this before the first read). */
export const useCorpus = (corpusDir) => {
  labels = new Map(
    parseLabels(readFileSync(path.join(corpusDir, "labels.csv"), "utf8")).map((row) => [row.file, row]),
  );
  fileByHash = new Map(
    JSON.parse(readFileSync(path.join(corpusDir, "manifest.json"), "utf8")).map((entry) => [
      entry.sha256,
      entry.file,
    ]),
  );
};

const MISTAKE_RATE = { clean: 0.05, photo: 0.3, pdf: 0.1, heic: 0.3 };

/** Same signature as the real reader: bytes and content type in, a ReceiptReading out. */
export const readReceiptDocument = async (bytes, _contentType) => {
  const file = fileByHash.get(createHash("sha256").update(bytes).digest("hex"));
  const label = labels.get(file);
  if (!label) throw new Error("the stub reader knows only the files of the corpus given to useCorpus");
  const random = seededRandom(`stub-${file}`);
  const mistaken = () => random.next() < MISTAKE_RATE[label.style ?? "clean"];
  const field = (value) => ({ value, confidence: Math.round((0.6 + random.next() * 0.4) * 100) / 100 });
  const [year, month, day] = label.date.split("-");
  return {
    reader: "local",
    merchant: mistaken()
      ? field(`${label.merchant.toUpperCase()} #0412 STORE`)
      : field(label.merchant.toUpperCase()),
    date: mistaken() ? (Number(day) <= 12 ? field(`${year}-${day}-${month}`) : null) : field(label.date),
    total: mistaken() ? field(Math.round(Number(label.total) * 100 - 120) / 100) : field(Number(label.total)),
    subtotal: null,
    tax: null,
    currency: mistaken() ? null : field(label.currency),
    lineItems: [],
    pages: 1,
  };
};
