#!/usr/bin/env node
// Renders the demo's sample receipts (samples/receipts/*.jpg) from SVG text with sharp, and
// writes their hints (samples/receipts/receipts.json) from the same data, so the image and
// what the uploader claims about it never disagree. Run again after changing RECEIPTS:
//   node tools/devstack/scripts/render-sample-receipts.mjs
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const money = (amount) => amount.toFixed(2);

const svgOf = ({ merchant, date, currency, lines }, total) => {
  const rows = [
    [merchant.toUpperCase(), "", 30, "bold"],
    [date, "", 22, "normal"],
    ["", "", 16, "normal"],
    ...lines.map(([item, amount]) => [item, money(amount), 20, "normal"]),
    ["", "", 16, "normal"],
    [`TOTAL ${currency}`, money(total), 24, "bold"],
  ];
  let y = 50;
  const text = rows
    .map(([left, right, size, weight]) => {
      y += size + 12;
      return [
        `<text x="30" y="${y}" font-size="${size}" font-weight="${weight}">${escapeXml(left)}</text>`,
        right
          ? `<text x="370" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="end">${right}</text>`
          : "",
      ].join("");
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${y + 60}">
<rect width="100%" height="100%" fill="#fbf8f0"/>
<g font-family="DejaVu Sans Mono, monospace" fill="#222">${text}</g>
</svg>`;
};

const hints = {};
for (const [file, receipt] of Object.entries(RECEIPTS)) {
  const total = Math.round(receipt.lines.reduce((sum, [, amount]) => sum + amount, 0) * 100) / 100;
  await sharp(Buffer.from(svgOf(receipt, total)))
    .jpeg({ quality: 80 })
    .toFile(join(folder, file));
  hints[file] = { merchant: receipt.merchant, date: receipt.date, total, currency: receipt.currency };
  console.log(
    `samples/receipts/${file}: ${receipt.merchant}, ${receipt.date}, ${money(total)} ${receipt.currency}`,
  );
}
writeFileSync(join(folder, "receipts.json"), `${JSON.stringify(hints, null, 2)}\n`);
console.log("samples/receipts/receipts.json written");
