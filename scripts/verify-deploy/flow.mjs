import { apiClient, postToS3, waitFor } from "./api.mjs";
import { verificationFiles } from "./files.mjs";
import { resolveTarget } from "./target.mjs";

/*
 * The flow verify-deploy walks, through the public API only, as a client would: ask for two
 * uploads (a photo and a receipt, one batch), send both to S3, wait until both are PROCESSED,
 * wait until the receipt workflow has stored the receipt, then read everything back.
 */

/** What the API cannot do, said in the output of every run. */
export const CLEANUP_IMPOSSIBLE =
  "not possible through the API (it has no DELETE route): the run's uploads stay, named after the run";

/** A receipt's end states other than STORED, and what each means for this check. */
const RECEIPT_FAILURES = {
  IN_REVIEW: "waits for its owner's review; verify-deploy's receipt should pass straight through",
  INVALID: "was recorded INVALID",
  REJECTED: "was REJECTED",
  FAILED: "FAILED in the workflow",
};

const waitForPhoto = (api, photoId, signal, observe) =>
  waitFor(async () => {
    const photo = await api.get(`/photos/${photoId}`, signal);
    observe(`status ${photo.status}`);
    if (photo.status === "FAILED")
      throw new Error(
        `photo ${photoId} FAILED: ${[photo.failureCode, photo.failureReason].filter(Boolean).join(": ")}`,
      );
    return photo.status === "PROCESSED" ? photo : undefined;
  }, signal);

/** The receipt as GET /receipts lists it (newest upload first), once the workflow stored it. */
const waitForStoredReceipt = (api, photoId, signal, observe) =>
  waitFor(async () => {
    const { receipts } = await api.get("/receipts?limit=25", signal);
    const receipt = receipts.find((candidate) => candidate.photoId === photoId);
    if (!receipt) {
      // A duplicate of a receipt its owner stored before is not listed at all.
      observe("not listed by GET /receipts yet");
      return undefined;
    }
    observe(`status ${receipt.status}`);
    const failure = RECEIPT_FAILURES[receipt.status];
    if (failure) {
      const detail = [...(receipt.problems ?? []), receipt.rejection, receipt.failureError].filter(Boolean);
      throw new Error(`receipt ${photoId} ${failure}${detail.length ? `: ${detail.join("; ")}` : ""}`);
    }
    return receipt.status === "STORED" ? receipt : undefined;
  }, signal);

/** One thumbnail of the photo, downloaded from its presigned URL, with the size the API gives it. */
const readThumbnail = async (photo, signal) => {
  const [size, thumbnail] = Object.entries(photo.thumbnails ?? {})[0] ?? [];
  if (!thumbnail) throw new Error(`photo ${photo.photoId} is PROCESSED without thumbnails`);
  const response = await fetch(thumbnail.url, { signal });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (!response.ok || bytes === 0)
    throw new Error(`thumbnail ${size} answered ${response.status} (${bytes} bytes)`);
  return `${size} ${thumbnail.width}x${thumbnail.height} ${bytes} bytes`;
};

/** The batch's counters, once they count both uploads and the stored receipt. */
const waitForBatch = (api, batchId, signal, observe) =>
  waitFor(async () => {
    const batch = await api.get(`/batches/${batchId}`, signal);
    observe(
      `expected ${batch.expected}, processed ${batch.processed}, failed ${batch.failed}, stored ${batch.stored}`,
    );
    if (batch.failed > 0) throw new Error(`batch ${batchId} counts ${batch.failed} failed`);
    return batch.expected === 2 && batch.processed === 2 && batch.stored === 1 ? batch : undefined;
  }, signal);

/**
 * Walks the flow, recording each step in `steps`; `run` (in the output) collects what is known
 * so far: ids, the correlation id, what was read. Throws StepFailed at the first failure.
 */
export const verifyDeployment = async ({ steps, env, terraformDir, timeouts, run }) => {
  const { apiUrl, token } = await steps.run("target", timeouts.requestMs, async () =>
    resolveTarget(env, terraformDir),
  );
  run.apiUrl = apiUrl;
  const api = apiClient({ apiUrl, token });
  const files = await steps.run("prepare files", timeouts.requestMs, () =>
    verificationFiles(run.runId, new Date()),
  );
  run.files = [files.photo.name, files.receipt.name];

  const granted = await steps.run("request uploads", timeouts.requestMs, async (signal) => {
    const answer = await api.post(
      "/uploads",
      {
        files: [files.photo, files.receipt].map((file) => ({
          name: file.name,
          contentType: file.contentType,
          size: file.bytes.length,
          kind: file.kind,
        })),
      },
      // A client may choose the correlation id; a stack that does not take it answers its own.
      { headers: { "x-correlation-id": run.runId }, signal },
    );
    if (answer.rejected?.length)
      throw new Error(`refused: ${answer.rejected.map((file) => `${file.name}: ${file.reason}`).join("; ")}`);
    if (answer.uploads?.length !== 2)
      throw new Error(`2 uploads asked, ${answer.uploads?.length ?? 0} granted`);
    return answer;
  });
  const [photoUpload, receiptUpload] = [0, 1].map((index) =>
    granted.uploads.find((upload) => upload.index === index),
  );
  Object.assign(run, {
    batchId: granted.batchId,
    photoId: photoUpload.photoId,
    receiptId: receiptUpload.photoId,
    ...(granted.correlationId ? { correlationId: granted.correlationId } : {}),
  });

  await steps.run("upload photo", timeouts.requestMs, (signal) =>
    postToS3(photoUpload.upload, files.photo, signal),
  );
  await steps.run("upload receipt", timeouts.requestMs, (signal) =>
    postToS3(receiptUpload.upload, files.receipt, signal),
  );
  const photo = await steps.run("photo processed", timeouts.waitMs, (signal, observe) =>
    waitForPhoto(api, run.photoId, signal, observe),
  );
  await steps.run("receipt processed", timeouts.waitMs, (signal, observe) =>
    waitForPhoto(api, run.receiptId, signal, observe),
  );
  const receipt = await steps.run("receipt stored", timeouts.waitMs, (signal, observe) =>
    waitForStoredReceipt(api, run.receiptId, signal, observe),
  );
  // What the reader made of the receipt beside what is printed on it: a misreading is stored as
  // read and does not fail the check, but shows here.
  run.receipt = {
    printed: files.receipt.facts,
    read: {
      merchant: receipt.merchant,
      date: receipt.date,
      totalMinor: receipt.totalMinor,
      currency: receipt.currency,
    },
  };

  await steps.run("read back", timeouts.waitMs, async (signal, observe) => {
    run.thumbnail = await readThumbnail(photo, signal);
    await waitForBatch(api, run.batchId, signal, observe);
    run.correlationId ??= photo.correlationId;
  });
};
