import type { BatchView, UploadKind } from "@shoebox/schemas";

/**
 * What a batch's counters mean to the person waiting for it. The counters (batches.ts) are
 * `expected` uploads; `processed` and `failed` for the image stage; `stored`, `duplicate`,
 * `invalid` and `rejected` for receipts, whose workflow failures add to `failed` as well. So a
 * failure is either an image that never became a receipt or a receipt that failed: both are settled.
 */
export interface BatchProgress {
  /** Uploads the batch is waiting for (grows while a zip is fanned out). */
  expected: number;
  /** Uploads whose image stage ended: a thumbnail was made or the image failed. */
  imagesSettled: number;
  /** The batch's zip is not opened yet, or is still being fanned out: more uploads may come. */
  waitingForArchive: boolean;
  /** The batch holds receipts, which are read after their image stage. */
  receipts: boolean;
  /** Receipts with an outcome (stored, duplicate, invalid, rejected, failed). */
  receiptsSettled: number;
  /** Receipts still being read, or waiting for their owner's review. */
  receiptsOpen: number;
  complete: boolean;
}

/**
 * `kind`: what the uploader sent, when known. Without it a batch holds receipts when it came as
 * a zip (archives hold receipts only) or once one of them has an outcome.
 *
 * @example
 * batchProgress({ expected: 2, processed: 2, failed: 0, stored: 1, ... }, "receipt");
 * // { imagesSettled: 2, receiptsSettled: 1, receiptsOpen: 1, complete: false, ... }
 */
export const batchProgress = (batch: BatchView, kind?: UploadKind): BatchProgress => {
  const { expected, archive } = batch;
  // No images counted and no archive outcome: only a zip's batch starts that way (every image
  // the API admits is counted as it is admitted), and its zip has not been opened yet.
  const waitingForArchive = archive ? archive.status === "PROCESSING" : expected === 0;
  const receiptOutcomes = batch.stored + batch.duplicate + batch.invalid + batch.rejected;
  const receipts = kind === "receipt" || archive !== undefined || receiptOutcomes > 0;
  const imagesSettled = Math.min(expected, batch.processed + batch.failed);
  const receiptsSettled = receipts ? Math.min(expected, receiptOutcomes + batch.failed) : 0;
  const receiptsOpen = receipts ? expected - receiptsSettled : 0;
  return {
    expected,
    imagesSettled,
    waitingForArchive,
    receipts,
    receiptsSettled,
    receiptsOpen,
    complete: !waitingForArchive && imagesSettled === expected && receiptsOpen === 0,
  };
};
