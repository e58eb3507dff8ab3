import type { ArchiveView, BatchView } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { batchProgress } from "../../src/batches/batch-progress.ts";

const batch = (counts: Partial<BatchView> = {}): BatchView => ({
  batchId: "b_01JZ0000000000000000000000",
  createdAt: "2026-01-05T10:00:00.000Z",
  expected: 0,
  processed: 0,
  failed: 0,
  stored: 0,
  duplicate: 0,
  invalid: 0,
  rejected: 0,
  ...counts,
});

const archive = (outcome: Partial<ArchiveView> = {}): ArchiveView => ({
  status: "COMPLETED",
  entries: 4,
  accepted: 2,
  skipped: 1,
  refused: [{ index: 3, name: "notes.txt", code: "NOT_AN_IMAGE", reason: "not an image" }],
  refusedCount: 1,
  ...outcome,
});

describe("batchProgress", () => {
  it("calls a batch of photos complete once every image has a thumbnail or failed", () => {
    expect(batchProgress(batch({ expected: 4, processed: 2, failed: 1 }), "photo")).toMatchObject({
      imagesSettled: 3,
      receipts: false,
      complete: false,
    });
    expect(batchProgress(batch({ expected: 4, processed: 3, failed: 1 }), "photo").complete).toBe(true);
  });

  it("waits for a zip that has not been opened, and for one still being fanned out", () => {
    expect(batchProgress(batch(), "receipt")).toMatchObject({ waitingForArchive: true, complete: false });
    expect(
      batchProgress(
        batch({ expected: 2, processed: 2, stored: 2, archive: archive({ status: "PROCESSING" }) }),
      ),
    ).toMatchObject({ waitingForArchive: true, receipts: true, complete: false });
  });

  it("keeps a receipt batch open while receipts are read or wait for review, and counts failures as settled", () => {
    const open = batchProgress(
      batch({ expected: 3, processed: 2, failed: 1, stored: 1, archive: archive() }),
    );
    expect(open).toMatchObject({ imagesSettled: 3, receiptsSettled: 2, receiptsOpen: 1, complete: false });

    const done = batchProgress(
      batch({ expected: 3, processed: 2, failed: 1, stored: 1, invalid: 1, archive: archive() }),
    );
    expect(done).toMatchObject({ receiptsOpen: 0, complete: true });
  });

  it("settles a receipt rejected in review, so its batch completes", () => {
    const withRejection = batch({ expected: 2, processed: 2, stored: 1, rejected: 1, archive: archive() });
    expect(batchProgress(withRejection)).toMatchObject({
      receiptsSettled: 2,
      receiptsOpen: 0,
      complete: true,
    });
    // Told nothing of the kind, a rejection alone says the batch holds receipts.
    expect(batchProgress(batch({ expected: 2, processed: 2, rejected: 1 }))).toMatchObject({
      receipts: true,
      receiptsOpen: 1,
      complete: false,
    });
  });

  it("takes a batch for receipts, without being told, once one of them has an outcome", () => {
    expect(batchProgress(batch({ expected: 2, processed: 2 })).complete).toBe(true);
    expect(batchProgress(batch({ expected: 2, processed: 2, duplicate: 1 }))).toMatchObject({
      receipts: true,
      receiptsOpen: 1,
      complete: false,
    });
  });

  it("ends a batch whose zip could not be opened at all", () => {
    expect(
      batchProgress(
        batch({ archive: archive({ status: "FAILED", accepted: 0, failureReason: "not a zip" }) }),
      ),
    ).toMatchObject({ waitingForArchive: false, complete: true });
  });
});
