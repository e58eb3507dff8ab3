/*
 * A till receipt as SVG text, for sharp to render: large monospaced text on paper, which both
 * receipt readers read best. The demo's samples (tools/devstack/scripts/render-sample-receipts.mjs)
 * and verify-deploy's receipt are drawn by it, so what they claim and what they show agree.
 */

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const money = (amount) => amount.toFixed(2);

/**
 * The receipt's SVG: merchant, date, one row per line item, the total in its currency, and an
 * optional small footer (e.g. a run id).
 *
 * @example
 * await sharp(Buffer.from(receiptSvg({ merchant: "Corner Bakery", date: "2025-03-14",
 *   currency: "EUR", lines: [["Croissant", 2.4]], total: 2.4 }))).jpeg().toBuffer();
 */
export const receiptSvg = ({ merchant, date, currency, lines, total, footer }) => {
  const rows = [
    [merchant.toUpperCase(), "", 30, "bold"],
    [date, "", 22, "normal"],
    ["", "", 16, "normal"],
    ...lines.map(([item, amount]) => [item, money(amount), 20, "normal"]),
    ["", "", 16, "normal"],
    [`TOTAL ${currency}`, money(total), 24, "bold"],
    ...(footer
      ? [
          ["", "", 16, "normal"],
          [footer, "", 12, "normal"],
        ]
      : []),
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
