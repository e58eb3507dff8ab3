import sharp from "sharp";

/*
 * Receipts rendered in the tests with sharp from SVG text (DejaVu Sans Mono, as a till prints),
 * with what a reader must find on them. Small on purpose: each takes tesseract about a second.
 */

/** Characters per printed line. */
const COLUMNS = 34;

const justify = (left: string, right: string): string =>
  `${left.padEnd(COLUMNS - right.length - 1)} ${right}`;
const centre = (text: string): string => `${" ".repeat(Math.floor((COLUMNS - text.length) / 2))}${text}`;
const rule = "-".repeat(COLUMNS);

export interface ReceiptFixture {
  lines: string[];
  /** What the reading must say. */
  expected: { total: number; date: string; currency: string };
}

/** A British bakery: a day-first date that cannot be month-first, GBP written out, VAT. */
export const bakeryReceipt: ReceiptFixture = {
  lines: [
    centre("CORNER BAKERY"),
    centre("12 High Street, Leeds"),
    "",
    justify("Date 14/03/2026", "10:42"),
    rule,
    justify("2 x Croissant", "5.00"),
    justify("Flat white", "3.20"),
    justify("Sourdough loaf", "4.50"),
    rule,
    justify("VAT 20% incl.", "2.12"),
    justify("TOTAL", "GBP 12.70"),
    "",
    centre("Thank you for your visit"),
  ],
  expected: { total: 12.7, date: "2026-03-14", currency: "GBP" },
};

/** An American diner: an ISO date, dollar amounts, a tax line between subtotal and total. */
export const dinerReceipt: ReceiptFixture = {
  lines: [
    centre("BLUE MOON DINER"),
    centre("455 Main St, Springfield"),
    "",
    justify("2026-02-07", "19:15"),
    rule,
    justify("Cheeseburger", "$11.50"),
    justify("Fries", "$3.75"),
    justify("2 Iced Tea", "$5.00"),
    justify("Apple pie", "$4.25"),
    rule,
    justify("Subtotal", "$24.50"),
    justify("Tax", "$2.02"),
    justify("Total", "$26.52"),
  ],
  expected: { total: 26.52, date: "2026-02-07", currency: "USD" },
};

const escapeXml = (text: string): string =>
  text.replace(/[<>&]/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[char] ?? char);

export interface SlipOptions {
  /** Width of the whole picture, px; the print scales with it. */
  width?: number;
  /** Degrees the slip is turned on the table. */
  tilt?: number;
}

/** The SVG of a slip: off-white paper on a darker table, grey monospace print, a slight tilt. */
export const slipSvg = (lines: readonly string[], { width = 600, tilt = 0.8 }: SlipOptions = {}): string => {
  const fontSize = Math.round(width / 27);
  const lineHeight = Math.round(fontSize * 1.5);
  const height = lines.length * lineHeight + 6 * fontSize;
  const text = lines
    .map(
      (line, row) =>
        `<text x="${Math.round(width * 0.08)}" y="${3 * fontSize + row * lineHeight}" xml:space="preserve">${escapeXml(line)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="100%" height="100%" fill="rgb(110,102,92)"/>
<g transform="rotate(${tilt} ${width / 2} ${height / 2})">
  <rect x="${width * 0.04}" y="${fontSize}" width="${width * 0.92}" height="${height - 2 * fontSize}" fill="rgb(240,236,226)"/>
  <g font-family="DejaVu Sans Mono" font-size="${fontSize}" fill="rgb(50,50,60)">${text}</g>
</g>
</svg>`;
};

/** A phone photo of the slip: JPEG, stored sideways with EXIF orientation 6 as phones do. */
export const phonePhoto = async (receipt: ReceiptFixture, width = 1200): Promise<Buffer> =>
  sharp(Buffer.from(slipSvg(receipt.lines, { width, tilt: -1.2 })))
    .blur(0.8)
    .rotate(-90)
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 85 })
    .toBuffer();

/**
 * A phone photo of the slip with a shadow over its left half (half as bright, fading out towards
 * the middle): one threshold for the whole page turns the shaded print black with its paper.
 */
export const shadedPhoto = async (receipt: ReceiptFixture, width = 900): Promise<Buffer> => {
  const slip = Buffer.from(slipSvg(receipt.lines, { width, tilt: -1.2 }));
  const { height = width } = await sharp(slip).metadata();
  const shadow = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<linearGradient id="shade"><stop offset="0.5" stop-opacity="0.5"/><stop offset="0.7" stop-opacity="0"/></linearGradient>
<rect width="100%" height="100%" fill="url(#shade)"/>
</svg>`;
  return sharp(slip)
    .composite([{ input: Buffer.from(shadow) }])
    .blur(0.8)
    .jpeg({ quality: 80 })
    .toBuffer();
};

/** A small, sharp scan of the slip: PNG, a few hundred pixels wide (its print is tiny). */
export const smallScan = async (receipt: ReceiptFixture, width = 360): Promise<Buffer> =>
  sharp(Buffer.from(slipSvg(receipt.lines, { width: 600, tilt: 0.5 })))
    .resize({ width })
    .png()
    .toBuffer();
