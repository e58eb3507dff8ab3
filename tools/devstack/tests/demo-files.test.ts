import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listDemoFiles } from "../src/demo.ts";
import { repoRoot } from "../src/provision.ts";

describe("listDemoFiles", () => {
  it("makes the files receipts.json names receipts with their hints, and does not upload receipts.json", () => {
    const { files } = listDemoFiles([join(repoRoot, "samples", "receipts")]);

    expect(files.map((file) => [file.name, file.kind, file.contentType])).toEqual([
      ["corner-bakery.jpg", "receipt", "image/jpeg"],
      ["hardware-depot.jpg", "receipt", "image/jpeg"],
    ]);
    expect(files[1]?.receipt).toEqual({
      merchant: "Hardware Depot",
      date: "2025-04-02",
      total: 24.89,
      currency: "USD",
    });
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
