import { setTimeout as sleep } from "node:timers/promises";
import type { Stack } from "@shoebox/devstack";
import { DEFAULT_APPLICATION_NAME } from "@shoebox/pg-delivery";
import type { ReceiptHints } from "@shoebox/schemas";
import { sampleConnections } from "@shoebox/testing";
import { DeliveryProbe, type DeliverySnapshot } from "./delivery-database.ts";
import type { ReceiptPlan } from "./receipt-plan.ts";
import { reviewAnswerer } from "./review-answers.ts";
import {
  type BatchCounts,
  compareWithPlan,
  outcomesOf,
  type PeakVerdict,
  storedOf,
  summarisePeak,
} from "./summary.ts";
import { type UploadOutcome, uploadAsOneBatch } from "./upload-batch.ts";

export interface PeakRunOptions {
  stack: Pick<Stack, "apiUrl" | "token">;
  /** The delivery database (the one receipt-delivery writes to). */
  databaseUrl: string;
  /** Most delivery sessions allowed at once (receipt-delivery's maximum_concurrency). */
  cap: number;
  plan: ReceiptPlan;
  /** The upload bytes of each planned receipt, by index. */
  images: readonly Buffer[];
  /** Owner of the batch (a fresh one per run keeps runs apart: duplicates are per owner). */
  subject?: string;
  uploadConcurrency?: number;
  /** Longest the whole run may take before what is missing counts as lost. */
  timeoutSeconds?: number;
  /** Longest nothing may move (no counter, no row) before the run gives up. */
  stallSeconds?: number;
  /** How often the owner's pending reviews are answered (review-answers.ts). */
  reviewEverySeconds?: number;
  progressEverySeconds?: number;
  say?: (line: string) => void;
  /** After every poll: the bench starts its database outage from here. */
  onPoll?: (progress: PeakProgress) => void;
}

export interface PeakProgress {
  uploaded: number;
  receipts: number;
  batch?: BatchCounts;
  /** Undefined while the database does not answer. */
  database?: DeliverySnapshot;
  peakSessions: number;
  elapsedSeconds: number;
}

export interface PeakRunResult extends PeakVerdict {
  batchId: string;
  batch: BatchCounts;
  rowsInDatabase: number;
  writtenTwice: number;
  /** Where the outcomes differ from the plan (counts, delivered rows). */
  mismatches: string[];
  notUploaded: UploadOutcome["notUploaded"];
  /** ms since epoch: first POST /uploads, last file in S3, newest row's delivered_at, completion seen. */
  timings: { startedAt: number; uploadsDoneAt: number; lastRowAt?: number; completedAt?: number };
  connectionSamples: { peak: number; samples: number; failedSamples: number };
  /** Receipts that waited for their owner, answered with what is printed on them. */
  reviewsAnswered: number;
  /** Why the run stopped waiting, when it did not complete. */
  gaveUp?: string;
}

const readBatch = async (
  apiUrl: string,
  token: string,
  batchId: string,
): Promise<BatchCounts | undefined> => {
  const response = await fetch(`${apiUrl}/batches/${batchId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    await response.arrayBuffer();
    return undefined;
  }
  return (await response.json()) as BatchCounts;
};

export const progressLine = (progress: PeakProgress): string => {
  const batch = progress.batch;
  const counters = batch
    ? `processed ${batch.processed}, stored ${batch.stored}, duplicate ${batch.duplicate}, invalid ${batch.invalid}, failed ${batch.failed}`
    : "no batch yet";
  const database = progress.database
    ? `in db ${progress.database.rows}, db connections now ${progress.database.sessions} (peak ${progress.peakSessions})`
    : `database not answering (peak ${progress.peakSessions})`;
  return `uploaded ${progress.uploaded}/${progress.receipts}, ${counters}, ${database}, ${Math.round(progress.elapsedSeconds)} s`;
};

/**
 * Pushes the plan's receipts through the running stack as one batch and follows them to
 * PostgreSQL: uploads as a client would, polls GET /batches/{id} and the database, answers the
 * reviews the workflow opens as the owner would, samples the delivery sessions in
 * pg_stat_activity every 200 ms for the whole run, and stops when every
 * receipt has its final outcome and every stored one is a row (or on the timeout, or when
 * nothing moved for `stallSeconds`).
 *
 * @example
 * const result = await runPeak({ stack, databaseUrl, cap: 2, plan, images, say: console.log });
 * console.log(summaryLine(result.summary));
 */
export const runPeak = async (options: PeakRunOptions): Promise<PeakRunResult> => {
  const { plan, stack } = options;
  const say = options.say ?? (() => {});
  const receipts = plan.receipts.length;
  const timeoutMs = (options.timeoutSeconds ?? Math.max(600, receipts * 0.6)) * 1000;
  const stallMs = (options.stallSeconds ?? 240) * 1000;
  const progressEveryMs = (options.progressEverySeconds ?? 2) * 1000;
  const token = await stack.token(options.subject ?? `peak-${Date.now()}`);
  const probe = new DeliveryProbe(options.databaseUrl);
  const sampler = sampleConnections(options.databaseUrl, {
    applicationName: DEFAULT_APPLICATION_NAME,
    intervalMs: 200,
  });

  const photoIds: string[] = [];
  const printedOn = new Map<string, ReceiptHints>();
  const reviews = reviewAnswerer({
    apiUrl: stack.apiUrl,
    token,
    printedOn: (photoId) => printedOn.get(photoId),
  });
  const reviewEveryMs = (options.reviewEverySeconds ?? 5) * 1000;
  let lastReviewed = 0;
  let uploaded = 0;
  let batchId: string | undefined;
  const startedAt = Date.now();
  const uploading = uploadAsOneBatch({
    apiUrl: stack.apiUrl,
    token,
    receipts: plan.receipts,
    images: options.images,
    concurrency: options.uploadConcurrency ?? 16,
    onBatch: (id) => {
      batchId = id;
    },
    onUploaded: (receipt, photoId) => {
      uploaded++;
      if (!photoId) return;
      photoIds.push(photoId);
      printedOn.set(photoId, receipt.hints);
    },
    onMessage: say,
  });
  let upload: UploadOutcome | undefined;
  let uploadError: unknown;
  uploading.then(
    (outcome) => {
      upload = outcome;
      say(
        `all ${receipts} receipts sent in ${((outcome.finishedAt - startedAt) / 1000).toFixed(1)} s` +
          (outcome.notUploaded.length ? ` (${outcome.notUploaded.length} did not reach S3)` : ""),
      );
    },
    (error) => {
      uploadError = error;
    },
  );

  let batch: BatchCounts | undefined;
  let database: DeliverySnapshot | undefined;
  let peakSessions = 0;
  let lastPrinted = 0;
  let lastChange = Date.now();
  let lastState = "";
  let completedAt: number | undefined;
  let gaveUp: string | undefined;
  try {
    while (true) {
      await sleep(1000);
      if (uploadError) throw uploadError;
      if (batchId) batch = (await readBatch(stack.apiUrl, token, batchId).catch(() => undefined)) ?? batch;
      database = await probe.snapshot(photoIds).catch(() => undefined);
      if (database) peakSessions = Math.max(peakSessions, database.sessions);
      const progress: PeakProgress = {
        uploaded,
        receipts,
        ...(batch ? { batch } : {}),
        ...(database ? { database } : {}),
        peakSessions,
        elapsedSeconds: (Date.now() - startedAt) / 1000,
      };
      const state = JSON.stringify([uploaded, batch, database?.rows]);
      if (state !== lastState) {
        lastState = state;
        lastChange = Date.now();
      }
      if (Date.now() - lastPrinted >= progressEveryMs) {
        say(progressLine(progress));
        lastPrinted = Date.now();
      }
      options.onPoll?.(progress);
      if (Date.now() - lastReviewed >= reviewEveryMs) {
        lastReviewed = Date.now();
        await reviews.answerPending().catch(() => undefined);
      }

      if (upload && batch && database) {
        const stored = storedOf(batch, database.rows);
        const outcomes = stored + batch.duplicate + batch.invalid + batch.failed;
        if (outcomes + upload.notUploaded.length >= receipts && database.rows >= batch.stored) {
          completedAt = Date.now();
          say(progressLine(progress));
          break;
        }
      }
      if (Date.now() - startedAt > timeoutMs) {
        gaveUp = `not complete after ${Math.round(timeoutMs / 1000)} s (timeout)`;
        break;
      }
      if (Date.now() - lastChange > stallMs) {
        gaveUp = `nothing moved for ${Math.round(stallMs / 1000)} s`;
        break;
      }
    }
    // The uploads finish before completion can be seen; on a timeout they may still run.
    upload ??= await uploading;
  } finally {
    // Only a failure leaves these open; on success they close below, after the last reads.
    if (!upload) {
      await sampler.stop();
      await probe.close();
    }
  }

  if (gaveUp) say(`gave up waiting: ${gaveUp}`);
  const finalBatch = (await readBatch(stack.apiUrl, token, upload.batchId).catch(() => undefined)) ??
    batch ?? { expected: 0, processed: 0, failed: 0, stored: 0, duplicate: 0, invalid: 0 };
  const finalIds = [...upload.photoIds.values()];
  const finalDatabase = await probe.snapshot(finalIds).catch(() => database);
  const delivered = await probe.deliveredRows(finalIds).catch(() => undefined);
  const connectionSamples = await sampler.stop();
  await probe.close();
  const rowsInDatabase = finalDatabase?.rows ?? 0;
  const lastRowAt = finalDatabase?.lastDeliveredAt?.getTime();
  const verdict = summarisePeak({
    receipts,
    batch: finalBatch,
    notUploaded: upload.notUploaded.length,
    rowsInDatabase,
    maxDbConnections: Math.max(connectionSamples.peak, peakSessions),
    cap: options.cap,
    seconds: ((completedAt ?? Date.now()) - startedAt) / 1000,
  });
  if (!delivered) verdict.problems.push("the delivered rows could not be read back to compare with the plan");
  return {
    ...verdict,
    batchId: upload.batchId,
    batch: finalBatch,
    rowsInDatabase,
    writtenTwice: finalDatabase?.writtenTwice ?? 0,
    mismatches: compareWithPlan(
      plan,
      outcomesOf(finalBatch, upload.notUploaded.length, rowsInDatabase),
      delivered,
    ),
    notUploaded: upload.notUploaded,
    timings: {
      startedAt,
      uploadsDoneAt: upload.finishedAt,
      ...(lastRowAt ? { lastRowAt } : {}),
      ...(completedAt ? { completedAt } : {}),
    },
    connectionSamples,
    reviewsAnswered: reviews.answered,
    ...(gaveUp ? { gaveUp } : {}),
  };
};
