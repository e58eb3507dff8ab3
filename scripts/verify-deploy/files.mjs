import sharp from "sharp";
import { receiptSvg } from "../receipt-image.mjs";

/*
 * The two files verify-deploy uploads, made fresh for each run and named after it, so they are
 * recognisable in the bucket and the tables (the API cannot delete them). The receipt is new
 * each time: the workflow refuses a receipt its owner stored before (the same bytes, or the same
 * merchant, date and total) as a duplicate, and a pipeline uploads one after every deploy.
 */

const CURRENCY = "USD";

/** Whole seconds since midnight UTC. */
const secondOfDay = (now) =>
  Math.floor((now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / 1000);

/** Totals run from 1.00 to 49.99: one per window of the day, under any sensible review limit. */
const TOTALS = 4900;
const SECONDS_PER_DAY = 86_400;

/**
 * The receipt's date and total: today (never a future date anywhere), and a total of its own to
 * each 18-second window of the day.
 */
export const receiptFacts = (now) => {
  const totalMinor = 100 + Math.floor((secondOfDay(now) * TOTALS) / SECONDS_PER_DAY);
  return {
    merchant: "Verify Deploy",
    date: now.toISOString().slice(0, 10),
    total: totalMinor / 100,
    currency: CURRENCY,
  };
};

/** A small photo: a gradient with the run's id, 320x240. */
const photoSvg = (runId) => `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
<defs><linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b82c4"/><stop offset="1" stop-color="#f2c14e"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#sky)"/>
<text x="16" y="220" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#fff">${runId}</text>
</svg>`;

const jpeg = (svg) => sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();

/**
 * The photo and the receipt of one run, as the upload API is asked for them.
 *
 * @example
 * const { photo, receipt } = await verificationFiles("verify-deploy-20260102T030405Z", new Date());
 * // photo.name "verify-deploy-20260102T030405Z-photo.jpg"; receipt.facts.total 12.34
 */
export const verificationFiles = async (runId, now) => {
  const facts = receiptFacts(now);
  const [photoBytes, receiptBytes] = await Promise.all([
    jpeg(photoSvg(runId)),
    jpeg(receiptSvg({ ...facts, lines: [["Deploy check", facts.total]], footer: runId })),
  ]);
  return {
    photo: { name: `${runId}-photo.jpg`, contentType: "image/jpeg", kind: "photo", bytes: photoBytes },
    receipt: {
      name: `${runId}-receipt.jpg`,
      contentType: "image/jpeg",
      kind: "receipt",
      bytes: receiptBytes,
      facts,
    },
  };
};
