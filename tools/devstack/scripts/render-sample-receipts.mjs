#!/usr/bin/env node
// Renders the demo's sample receipts (samples/receipts/*.jpg) from SVG text with sharp, and
// writes their hints (samples/receipts/receipts.json) from the same data, so the image and
// what the uploader claims about it never disagree. Run again after changing RECEIPTS:
//   node tools/devstack/scripts/render-sample-receipts.mjs
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { receiptSvg } from "../../../scripts/receipt-image.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
// sharp is the thumbnail function's dependency; the sample images need nothing else.
const sharp = createRequire(join(repoRoot, "functions/thumbnail/package.json"))("sharp");
const folder = join(repoRoot, "samples", "receipts");

const RECEIPTS = {
  "corner-bakery.jpg": {
    merchant: "Corner Bakery",
    date: "2025-03-14",
    currency: "EUR",
    lines: [
      ["Croissant", 2.4],
      ["Flat white", 3.1],
    ],
  },
  "hardware-depot.jpg": {
    merchant: "Hardware Depot",
    date: "2025-04-02",
    currency: "USD",
    lines: [
      ["Wood screws 4x40", 4.99],
      ["Claw hammer", 19.9],
    ],
  },
};

const money = (amount) => amount.toFixed(2);

const hints = {};
for (const [file, receipt] of Object.entries(RECEIPTS)) {
  const total = Math.round(receipt.lines.reduce((sum, [, amount]) => sum + amount, 0) * 100) / 100;
  await sharp(Buffer.from(receiptSvg({ ...receipt, total })))
    .jpeg({ quality: 80 })
    .toFile(join(folder, file));
  hints[file] = { merchant: receipt.merchant, date: receipt.date, total, currency: receipt.currency };
  console.log(
    `samples/receipts/${file}: ${receipt.merchant}, ${receipt.date}, ${money(total)} ${receipt.currency}`,
  );
}
writeFileSync(join(folder, "receipts.json"), `${JSON.stringify(hints, null, 2)}\n`);
console.log("samples/receipts/receipts.json written");
