import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ArchiveView } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { archiveRows } from "../src/demo/archive-rows.ts";
import { isArchive, listDemoFiles } from "../src/demo/demo-files.ts";
import { repoRoot } from "../src/provision.ts";

describe("listDemoFiles", () => {
  it("makes the samples receipts with receipts.json's hints (one wrong on purpose: it is reviewed), and does not upload receipts.json", () => {
    const { files } = listDemoFiles([join(repoRoot, "samples", "receipts")]);

    expect(files.map((file) => [file.name, file.kind, file.contentType, file.receipt])).toEqual([
      ["corner-bakery.jpg", "receipt", "image/jpeg", { merchant: "Hardware Depot" }],
      ["hardware-depot.jpg", "receipt", "image/jpeg", {}],
    ]);
  });

  it("uploads a receipt with the hints receipts.json gives it", () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-files-"));
    writeFileSync(join(folder, "a.jpg"), "x");
    const hints = { merchant: "Hardware Depot", date: "2025-04-02", total: 24.89, currency: "USD" };
    writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "a.jpg": hints }));

    expect(listDemoFiles([folder]).files).toEqual([
      expect.objectContaining({ kind: "receipt", receipt: hints }),
    ]);
  });

  it("uploads a folder without receipts.json as photos", () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-files-"));
    writeFileSync(join(folder, "a.jpg"), "x");
    expect(listDemoFiles([folder]).files).toEqual([
      expect.objectContaining({ name: "a.jpg", kind: "photo" }),
    ]);
  });

  it("refuses a receipts.json that names a file the folder does not have", () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-files-"));
    writeFileSync(join(folder, "a.jpg"), "x");
    writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "b.jpg": { merchant: "B" } }));
    expect(() => listDemoFiles([folder])).toThrow(/names b\.jpg, which is not in/);
  });
});

describe("listDemoFiles with a zip", () => {
  it("sends a .zip as an archive of receipts, without hints even when receipts.json names it", () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-files-"));
    writeFileSync(join(folder, "a.jpg"), "x");
    writeFileSync(join(folder, "scans.ZIP"), "PK");
    writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "scans.ZIP": { merchant: "B" } }));

    const { files } = listDemoFiles([folder]);

    expect(files).toEqual([
      expect.objectContaining({ name: "a.jpg", kind: "photo", contentType: "image/jpeg" }),
      {
        name: "scans.ZIP",
        path: join(folder, "scans.ZIP"),
        contentType: "application/zip",
        size: 2,
        kind: "receipt",
      },
    ]);
    expect(files.map((file) => isArchive(file))).toEqual([false, true]);
  });
});

describe("archiveRows", () => {
  const completed: ArchiveView = {
    status: "COMPLETED",
    entries: 5,
    accepted: 2,
    skipped: 1,
    refused: [{ index: 3, name: "notes/todo.txt", code: "NOT_AN_IMAGE", reason: "its bytes are not jpeg" }],
    refusedCount: 2,
    completedAt: "2025-11-24T10:00:00.000Z",
  };

  it("makes the zip PROCESSED with its counts, and one row per listed refusal and per accepted image, in the archive's order", () => {
    // As GET /photos lists them: newest first, so the archive's last entry first.
    const photos = [
      { photoId: "01JDQ7Z8K40004AAAAAAAAAAAA", originalName: "chelsea.jpg" },
      { photoId: "01JDQ7Z8K40001AAAAAAAAAAAA", originalName: "coffee.jpg" },
    ];

    const { zip, entries } = archiveRows("scans.zip", completed, photos);

    expect(zip).toEqual({
      status: "PROCESSED",
      reason: "1 more refused entries are counted but not listed",
      archive: { entries: 5, accepted: 2, skipped: 1, refusedCount: 2 },
    });
    expect(entries).toEqual([
      {
        name: "scans.zip/notes/todo.txt",
        kind: "receipt",
        status: "FAILED",
        reason: "NOT_AN_IMAGE: its bytes are not jpeg",
        thumbnails: [],
      },
      {
        name: "scans.zip/coffee.jpg",
        kind: "receipt",
        status: "LOST",
        photoId: photos[1]?.photoId,
        thumbnails: [],
      },
      {
        name: "scans.zip/chelsea.jpg",
        kind: "receipt",
        status: "LOST",
        photoId: photos[0]?.photoId,
        thumbnails: [],
      },
    ]);
  });

  it("makes a zip refused whole FAILED with the archive's reason, and no entry rows", () => {
    const failed: ArchiveView = {
      status: "FAILED",
      entries: 0,
      accepted: 0,
      skipped: 0,
      refused: [],
      refusedCount: 0,
      failureReason: "entries overlap: the archive is a zip bomb (entries 0 and 1 share bytes 0-99)",
    };

    expect(archiveRows("bomb.zip", failed, [])).toEqual({
      zip: {
        status: "FAILED",
        reason:
          "archive refused: entries overlap: the archive is a zip bomb (entries 0 and 1 share bytes 0-99)",
      },
      entries: [],
    });
  });
});
