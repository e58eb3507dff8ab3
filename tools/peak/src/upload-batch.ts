import { setTimeout as sleep } from "node:timers/promises";
import { MAX_FILES_PER_REQUEST, type UploadRequest, type UploadResponse } from "@shoebox/schemas";
import type { PlannedReceipt } from "./receipt-plan.ts";

export interface UploadBatchOptions {
  apiUrl: string;
  /** Bearer token of the uploader (its subject is the owner of the batch). */
  token: string;
  receipts: readonly PlannedReceipt[];
  /** The bytes of each receipt, by index. */
  images: readonly Buffer[];
  /**
   * Files per POST /uploads (the API takes 500; default 100: a request of 500 outlives
   * uploads-api's 10 s timeout locally when the machine is busy with the batch's processing).
   */
  requestSize?: number;
  /** Presigned POSTs in flight at once. */
  concurrency?: number;
  /** The batch exists (after the first POST /uploads): progress can be read from here on. */
  onBatch?: (batchId: string) => void;
  /** A file is in S3 (with its photo id) or will never be (without). */
  onUploaded?: (receipt: PlannedReceipt, photoId: string | undefined) => void;
  onMessage?: (line: string) => void;
}

export interface UploadOutcome {
  batchId: string;
  /** Photo id of each receipt S3 accepted, by plan index. */
  photoIds: Map<number, string>;
  /** Receipts that never reached S3: refused by the API or by the presigned POST. */
  notUploaded: Array<{ index: number; reason: string }>;
  /** When the first POST /uploads went out, and when the last file was in S3 (ms since epoch). */
  startedAt: number;
  finishedAt: number;
}

const ATTEMPTS = 3;
/**
 * POST /uploads is retried longer, with backoff (2, 4, 8, 16, 30 s): when the machine is
 * saturated, uploads-api times out now and then, as a real client in a peak would see.
 */
const REQUEST_ATTEMPTS = 6;

/** A bounded pool: at most `limit` tasks run at once; `idle()` waits for all of them. */
const taskPool = (limit: number) => {
  const waiting: Array<() => void> = [];
  const running = new Set<Promise<void>>();
  let active = 0;
  const run = async (task: () => Promise<void>) => {
    // A finishing task hands its slot straight to the next waiter, so never more than `limit` run.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
  return {
    add: (task: () => Promise<void>) => {
      const promise = run(task).finally(() => running.delete(promise));
      running.add(promise);
    },
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
};

/** One multipart POST to S3 as a browser form would send it; retried on a network error or a 5xx. */
const postToS3 = async (
  upload: UploadResponse["uploads"][number],
  bytes: Buffer,
  name: string,
): Promise<string | undefined> => {
  let problem = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const form = new FormData();
      for (const [field, value] of Object.entries(upload.upload.fields)) form.append(field, value);
      form.append("file", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), name);
      const response = await fetch(upload.upload.url, { method: "POST", body: form });
      const body = await response.text();
      if (response.ok) return undefined;
      problem = `the presigned POST was refused (${response.status}): ${body.replace(/\s+/g, " ").slice(0, 200)}`;
      if (response.status < 500) return problem;
    } catch (error) {
      problem = `the presigned POST failed: ${(error as Error).message}`;
    }
    await sleep(250 * attempt);
  }
  return problem;
};

/**
 * Uploads every planned receipt as ONE batch, as a client would: the first POST /uploads
 * (`requestSize` files, kind receipt, with the uploader's hints) creates the batch, each later
 * one adds to it with `batchId`; each file goes to its presigned POST, `concurrency` at a time,
 * while the next request is already being made.
 *
 * @example
 * const { batchId, photoIds } = await uploadAsOneBatch({ apiUrl, token, receipts: plan.receipts, images });
 */
export const uploadAsOneBatch = async (options: UploadBatchOptions): Promise<UploadOutcome> => {
  const requestSize = Math.min(options.requestSize ?? 100, MAX_FILES_PER_REQUEST);
  const pool = taskPool(options.concurrency ?? 16);
  const photoIds = new Map<number, string>();
  const notUploaded: UploadOutcome["notUploaded"] = [];
  const headers = { authorization: `Bearer ${options.token}`, "content-type": "application/json" };
  const startedAt = Date.now();
  let batchId: string | undefined;

  for (let offset = 0; offset < options.receipts.length; offset += requestSize) {
    const chunk = options.receipts.slice(offset, offset + requestSize);
    const request: UploadRequest = {
      files: chunk.map((receipt) => ({
        name: receipt.name,
        contentType: "image/jpeg",
        size: (options.images[receipt.index] as Buffer).length,
        kind: "receipt",
        receipt: receipt.hints,
      })),
      ...(batchId ? { batchId } : {}),
    };
    // Retried on a 5xx or a network error only. A request that timed out may have created its
    // PENDING items and raised the batch's `expected` before it died; they stay PENDING and are
    // never uploaded, so the outcome counters (what the run counts) are not affected.
    let answer: Partial<UploadResponse> & { message?: string } = {};
    let status = 0;
    let text = "";
    for (let attempt = 1; attempt <= REQUEST_ATTEMPTS; attempt++) {
      try {
        const response = await fetch(`${options.apiUrl}/uploads`, {
          method: "POST",
          headers,
          body: JSON.stringify(request),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        status = 0;
        text = (error as Error).message;
      }
      try {
        answer = JSON.parse(text);
      } catch {
        answer = {};
      }
      if (status > 0 && status < 500) break;
      if (attempt < REQUEST_ATTEMPTS) {
        options.onMessage?.(
          `POST /uploads answered ${status || "nothing"}; trying again (${attempt + 1} of ${REQUEST_ATTEMPTS})`,
        );
        await sleep(Math.min(30_000, 1000 * 2 ** attempt));
      }
    }
    if (!answer.batchId || !Array.isArray(answer.uploads)) {
      const reason = `POST /uploads answered ${status}: ${(answer.message ?? text).slice(0, 300)}`;
      if (!batchId) throw new Error(reason);
      for (const receipt of chunk) {
        notUploaded.push({ index: receipt.index, reason });
        options.onUploaded?.(receipt, undefined);
      }
      options.onMessage?.(reason);
      continue;
    }
    if (!batchId) options.onBatch?.(answer.batchId);
    batchId = answer.batchId;
    for (const rejected of answer.rejected ?? []) {
      const receipt = chunk[rejected.index] as PlannedReceipt;
      notUploaded.push({ index: receipt.index, reason: `refused by the API: ${rejected.reason}` });
      options.onUploaded?.(receipt, undefined);
    }
    options.onMessage?.(
      `POST /uploads ${offset / requestSize + 1}: ${answer.uploads.length} accepted into batch ${batchId}` +
        (answer.rejected?.length ? `, ${answer.rejected.length} refused` : ""),
    );
    for (const upload of answer.uploads) {
      const receipt = chunk[upload.index] as PlannedReceipt;
      pool.add(async () => {
        const problem = await postToS3(upload, options.images[receipt.index] as Buffer, receipt.name);
        if (problem || !upload.photoId) {
          notUploaded.push({ index: receipt.index, reason: problem ?? "the API gave no photo id" });
          options.onUploaded?.(receipt, undefined);
        } else {
          photoIds.set(receipt.index, upload.photoId);
          options.onUploaded?.(receipt, upload.photoId);
        }
      });
    }
  }
  await pool.idle();
  if (!batchId) throw new Error("no batch was created");
  return { batchId, photoIds, notUploaded, startedAt, finishedAt: Date.now() };
};
