import sharp from "sharp";
import { seededRandom } from "./random.ts";
import type { PlannedReceipt, ReceiptContent } from "./receipt-plan.ts";

export const RECEIPT_WIDTH = 600;
export const RECEIPT_HEIGHT = 900;
const JPEG_QUALITY = 82;
/** Characters per line of the monospace body at 22 px on a 600 px slip. */
const COLUMNS = 38;

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[char] ?? char,
  );

const amount = (value: number, currency: string): string => value.toFixed(currency === "JPY" ? 0 : 2);

/** `left ........ right` in the slip's width. */
const justify = (left: string, right: string): string => {
  const room = COLUMNS - right.length - 1;
  const clipped = left.length > room ? `${left.slice(0, room - 1)}…` : left;
  return `${clipped.padEnd(room)} ${right}`;
};

const centre = (text: string): string => {
  const clipped = text.slice(0, COLUMNS);
  return `${" ".repeat(Math.floor((COLUMNS - clipped.length) / 2))}${clipped}`;
};

/** The printed lines of a receipt, top to bottom. */
export const receiptText = (content: ReceiptContent): string[] => [
  centre(content.merchant.toUpperCase()),
  centre(content.address),
  "",
  justify(`Date ${content.date}`, content.time),
  "-".repeat(COLUMNS),
  ...content.lines.map((line) =>
    justify(
      line.quantity > 1 ? `${line.quantity} x ${line.name}` : line.name,
      amount(line.price * line.quantity, content.currency),
    ),
  ),
  "-".repeat(COLUMNS),
  justify("TOTAL", `${amount(content.total, content.currency)} ${content.currency}`),
  "",
  centre("Thank you for your visit"),
];

/**
 * The SVG of a receipt slip: off-white paper with a gradient and a slight tilt, monospace print.
 * Everything random comes from `paperSeed`.
 */
export const receiptSvg = (content: ReceiptContent, paperSeed: number): string => {
  const random = seededRandom(paperSeed);
  const tilt = ((random.next() - 0.5) * 3).toFixed(2);
  const shade = 236 + random.int(0, 12);
  const ink = 30 + random.int(0, 40);
  const lines = receiptText(content);
  const text = lines
    .map(
      (line, row) =>
        `<text x="48" y="${130 + row * 34}" xml:space="preserve"${row === 0 || line.startsWith("TOTAL") ? ' font-weight="bold"' : ""}>${escapeXml(line)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${RECEIPT_WIDTH}" height="${RECEIPT_HEIGHT}">
<defs>
  <linearGradient id="paper" x1="0" y1="0" x2="0.3" y2="1">
    <stop offset="0" stop-color="rgb(${shade + 8},${shade + 6},${shade})"/>
    <stop offset="1" stop-color="rgb(${shade - 10},${shade - 12},${shade - 20})"/>
  </linearGradient>
</defs>
<rect width="100%" height="100%" fill="rgb(120,112,100)"/>
<g transform="rotate(${tilt} ${RECEIPT_WIDTH / 2} ${RECEIPT_HEIGHT / 2})">
  <rect x="24" y="20" width="${RECEIPT_WIDTH - 48}" height="${RECEIPT_HEIGHT - 40}" fill="url(#paper)"/>
  <g font-family="DejaVu Sans Mono, Noto Sans Mono, monospace" font-size="22" fill="rgb(${ink},${ink},${ink + 10})">${text}</g>
</g>
</svg>`;
};

/** Room for the paper's noise to start at a different place on every receipt. */
const NOISE_MARGIN = 128;
let noiseField: Buffer | undefined;

/**
 * One field of paper fibres (grey + alpha, a little larger than a receipt), made once per
 * process from a fixed seed: SVG's feTurbulence gives the same look at four times the cost.
 */
const paperNoise = (): Buffer => {
  if (noiseField) return noiseField;
  const random = seededRandom("paper-fibres");
  const field = Buffer.alloc((RECEIPT_WIDTH + NOISE_MARGIN) * (RECEIPT_HEIGHT + NOISE_MARGIN) * 2);
  for (let offset = 0; offset < field.length; offset += 2) {
    field[offset] = 90 + Math.floor(random.next() * 60);
    field[offset + 1] = Math.floor(random.next() * 22);
  }
  noiseField = field;
  return field;
};

/** The receipt-sized window of the noise field at the paper's own offset. */
const noiseFor = (paperSeed: number): Buffer => {
  const field = paperNoise();
  const random = seededRandom(`noise-${paperSeed}`);
  const left = random.int(0, NOISE_MARGIN - 1);
  const top = random.int(0, NOISE_MARGIN - 1);
  const fieldRow = (RECEIPT_WIDTH + NOISE_MARGIN) * 2;
  const row = RECEIPT_WIDTH * 2;
  const window = Buffer.allocUnsafe(row * RECEIPT_HEIGHT);
  for (let y = 0; y < RECEIPT_HEIGHT; y++) {
    const start = (top + y) * fieldRow + left * 2;
    field.copy(window, y * row, start, start + row);
  }
  return window;
};

/**
 * Renders a receipt to JPEG bytes (600x900, about 40-70 KB): the SVG slip with paper fibres
 * laid over it. The same content and paper seed give the same bytes.
 *
 * @example
 * const jpeg = await renderReceipt(plan.receipts[0].content, plan.receipts[0].paperSeed);
 */
export const renderReceipt = async (content: ReceiptContent, paperSeed: number): Promise<Buffer> =>
  sharp(Buffer.from(receiptSvg(content, paperSeed)))
    .composite([
      { input: noiseFor(paperSeed), raw: { width: RECEIPT_WIDTH, height: RECEIPT_HEIGHT, channels: 2 } },
    ])
    .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: "4:2:0" })
    .toBuffer();

/** Starts like a JPEG (so the API takes it as image/jpeg); the rest is text: the thumbnail stage fails it. */
export const unreadableJpeg = (receipt: PlannedReceipt): Buffer =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from(`not a scan: ${receipt.name} is a deliberately unreadable upload\n`.repeat(40)),
  ]);

/**
 * The upload bytes of every planned receipt, rendered `concurrency` at a time. A `same-image`
 * receipt gets the very buffer of its original (a duplicate by content hash).
 */
export const renderPlan = async (
  receipts: readonly PlannedReceipt[],
  options: { concurrency?: number; onRendered?: (done: number) => void } = {},
): Promise<Buffer[]> => {
  const images: Buffer[] = new Array(receipts.length);
  let next = 0;
  let done = 0;
  const work = async () => {
    while (next < receipts.length) {
      const receipt = receipts[next++] as PlannedReceipt;
      if (receipt.variant === "same-image") continue;
      images[receipt.index] =
        receipt.variant === "unreadable-image"
          ? unreadableJpeg(receipt)
          : await renderReceipt(receipt.content, receipt.paperSeed);
      options.onRendered?.(++done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, work));
  for (const receipt of receipts) {
    if (receipt.variant !== "same-image") continue;
    images[receipt.index] = images[receipt.original as number] as Buffer;
    options.onRendered?.(++done);
  }
  return images;
};
