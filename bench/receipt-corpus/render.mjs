/*
 * Receipts to pixels with sharp: a clean flatbed scan (white, straight, about 240 DPI: an
 * 80 mm slip 760 px wide), or a phone photo of a thermal slip (faded print, uneven light,
 * tilted and sheared, on a grey or wooden table, noisy, soft, saved as a poor JPEG). Every
 * parameter of a photo comes from the receipt's own seed, and sharp gives the same bytes for
 * the same input, so the corpus is the same on every run.
 */
import sharp from "sharp";
import { seededRandom } from "../../tools/peak/src/random.ts";
import { COLUMNS, receiptLines } from "./receipts.mjs";

const WIDTH = 760;
const MARGIN = 50;
const FONTS = {
  mono: { family: "DejaVu Sans Mono", size: 26 },
  sans: { family: "DejaVu Sans", size: 25 },
};
const LINE_HEIGHT = 36;
const BIG_LINE_HEIGHT = 48;

const escapeXml = (value) =>
  value.replace(
    /[<>&'"]/g,
    (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[char] ?? char,
  );

/** Which typeface prints the receipt: most are thermal (monospace); some printed in a sans. */
export const typefaceOf = (receipt) => (receipt.index % 4 === 3 ? "sans" : "mono");

/**
 * The receipt as SVG: paper, then each printed line. `paper` and `ink` are CSS colours;
 * `shade` an optional gradient laid over the paper (uneven light).
 */
export const receiptSvg = (receipt, { paper = "#ffffff", ink = "#1e1e1e", shade } = {}) => {
  const font = FONTS[typefaceOf(receipt)];
  let y = 60;
  const elements = [];
  for (const line of receiptLines(receipt)) {
    const height = line.big ? BIG_LINE_HEIGHT : LINE_HEIGHT;
    y += height;
    if (line.type === "blank") continue;
    const size = line.big ? Math.round(font.size * 1.3) : font.size;
    const weight = line.bold ? ' font-weight="bold"' : "";
    const at = (x, anchor, value) =>
      `<text x="${x}" y="${y}" font-size="${size}" text-anchor="${anchor}"${weight} xml:space="preserve">${escapeXml(value)}</text>`;
    if (line.type === "rule") elements.push(at(WIDTH / 2, "middle", "-".repeat(COLUMNS)));
    if (line.left) elements.push(at(MARGIN, "start", line.left));
    if (line.right) elements.push(at(WIDTH - MARGIN, "end", line.right));
    if (line.center) elements.push(at(WIDTH / 2, "middle", line.center));
  }
  const height = y + 80;
  const shadeLayer = shade
    ? `<defs><linearGradient id="shade" x1="${shade.x1}" y1="${shade.y1}" x2="${shade.x2}" y2="${shade.y2}">
  <stop offset="0" stop-color="#000" stop-opacity="${shade.from}"/>
  <stop offset="1" stop-color="#000" stop-opacity="${shade.to}"/>
</linearGradient></defs><rect width="100%" height="100%" fill="url(#shade)"/>`
    : "";
  return {
    width: WIDTH,
    height,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}">
<rect width="100%" height="100%" fill="${paper}"/>
<g font-family="${font.family}" fill="${ink}">${elements.join("")}</g>
${shadeLayer}
</svg>`,
  };
};

/** A flatbed scan: white paper, near-black print, straight, lossless PNG. */
export const renderCleanScan = async (receipt) =>
  sharp(Buffer.from(receiptSvg(receipt).svg))
    .flatten({ background: "#ffffff" })
    .png({ compressionLevel: 9 })
    .toBuffer();

/** A scanner's greyscale JPEG at 200 DPI, as office scanners put into a PDF. */
export const renderScannedPage = async (receipt) => {
  const { svg, width, height } = receiptSvg(receipt, { paper: "#f4f4f1", ink: "#262626" });
  const scale = 200 / 240;
  const pixels = { width: Math.round(width * scale), height: Math.round(height * scale) };
  const jpeg = await sharp(Buffer.from(svg))
    .resize(pixels.width, pixels.height)
    .greyscale()
    .jpeg({ quality: 70 })
    .toBuffer();
  return { jpeg, ...pixels, dpi: 200 };
};

const between = (random, low, high) => low + random.next() * (high - low);
const rounded = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * How the receipt's photo was taken, from its own seed: rotation 1-8 degrees either way,
 * shear up to 0.06, a shadow across the slip, faded ink, grey or wooden table, noise, blur,
 * JPEG quality 40-60.
 */
export const photoConditions = (receipt) => {
  const random = seededRandom(`photo-${receipt.index}`);
  const sign = () => (random.next() < 0.5 ? -1 : 1);
  const inkGrey = random.int(40, 115);
  const paperTone = random.int(226, 246);
  return {
    rotationDegrees: rounded(sign() * between(random, 1, 8), 2),
    shear: [rounded(sign() * between(random, 0, 0.06)), rounded(sign() * between(random, 0, 0.04))],
    ink: `rgb(${inkGrey},${inkGrey},${inkGrey + 12})`,
    paper: `rgb(${paperTone},${paperTone - 2},${paperTone - 10})`,
    shade: {
      x1: rounded(random.next(), 2),
      y1: rounded(random.next(), 2),
      x2: rounded(random.next(), 2),
      y2: rounded(random.next(), 2),
      from: rounded(between(random, 0, 0.1), 2),
      to: rounded(between(random, 0.2, 0.5), 2),
    },
    contrast: rounded(between(random, 0.6, 0.95), 2),
    table: random.next() < 0.5 ? "grey" : "wood",
    tableGrey: random.int(70, 160),
    border: random.int(50, 160),
    noise: random.int(8, 40),
    blurSigma: random.next() < 0.25 ? 0 : rounded(between(random, 0.5, 1.4), 2),
    scale: rounded(between(random, 0.7, 1), 2),
    jpegQuality: random.int(40, 60),
  };
};

const rawShape = ({ width, height, channels }) => ({ width, height, channels });

/** A wooden table top: warm brown rings, wavy along the grain. */
const woodTexture = (width, height, seed) => {
  const random = seededRandom(`wood-${seed}`);
  const phase = random.next() * Math.PI * 2;
  const frequency = between(random, 0.05, 0.12);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const wave = 18 * Math.sin(y * 0.011 + phase) + 6 * Math.sin(y * 0.047);
    for (let x = 0; x < width; x++) {
      const ring = 0.5 + 0.5 * Math.sin((x + wave) * frequency + 2 * Math.sin(x * 0.013 + phase));
      const offset = (y * width + x) * 3;
      pixels[offset] = 120 + Math.round(50 * ring);
      pixels[offset + 1] = 78 + Math.round(35 * ring);
      pixels[offset + 2] = 44 + Math.round(20 * ring);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
};

/** Grey + alpha speckle over the whole photo: a phone sensor in poor light. */
const sensorNoise = (width, height, strength, seed) => {
  const random = seededRandom(`noise-${seed}`);
  const field = Buffer.alloc(width * height * 2);
  for (let offset = 0; offset < field.length; offset += 2) {
    field[offset] = Math.floor(random.next() * 256);
    field[offset + 1] = Math.floor(random.next() * strength);
  }
  return field;
};

/**
 * A phone photo of the receipt: the slip printed faded under a shadow, tilted and sheared on a
 * table, with sensor noise and blur. `format` is `jpeg` (at the photo's quality) or `png`
 * (lossless, for the HEIC encoder).
 */
export const renderPhoto = async (receipt, { format = "jpeg" } = {}) => {
  const conditions = photoConditions(receipt);
  const { svg } = receiptSvg(receipt, conditions);
  const faded = await sharp(Buffer.from(svg))
    .linear(conditions.contrast, Math.round(255 * (1 - conditions.contrast) * 0.6))
    .ensureAlpha()
    .rotate(conditions.rotationDegrees, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  const { data: slip, info } = await sharp(faded)
    .affine(
      [
        [1, conditions.shear[0]],
        [conditions.shear[1], 1],
      ],
      { background: { r: 0, g: 0, b: 0, alpha: 0 } },
    )
    .png()
    .toBuffer({ resolveWithObject: true });

  const width = info.width + 2 * conditions.border;
  const height = info.height + 2 * conditions.border;
  const table =
    conditions.table === "wood"
      ? woodTexture(width, height, receipt.index)
      : sharp({
          create: {
            width,
            height,
            channels: 3,
            background: { r: conditions.tableGrey, g: conditions.tableGrey, b: conditions.tableGrey + 4 },
          },
        });
  // Each step is materialised: sharp composites after every other operation of a pipeline,
  // and the noise must lie on the table and the slip, the blur over the noise.
  const onTable = await table
    .composite([{ input: slip, left: conditions.border, top: conditions.border }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  const noisy = await sharp(onTable.data, { raw: rawShape(onTable.info) })
    .composite([
      {
        input: sensorNoise(width, height, conditions.noise, receipt.index),
        raw: { width, height, channels: 2 },
      },
    ])
    .raw()
    .toBuffer({ resolveWithObject: true });
  let photo = sharp(noisy.data, { raw: rawShape(noisy.info) })
    .removeAlpha()
    .resize(Math.round(width * conditions.scale));
  if (conditions.blurSigma > 0) photo = photo.blur(conditions.blurSigma);
  const bytes =
    format === "png"
      ? await photo.png({ compressionLevel: 9 }).toBuffer()
      : await photo.jpeg({ quality: conditions.jpegQuality }).toBuffer();
  return { bytes, conditions };
};
