import { PhotoIdSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { archiveEntryPhotoId, MAX_ENTRY_INDEX } from "../../src/photo-ids.ts";

const OWNER = "Zk3vQ9x_T2mB-8pLwYc1Ra";
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";

describe("archiveEntryPhotoId", () => {
  it("gives the same entry the same id on every delivery", () => {
    expect(archiveEntryPhotoId(OWNER, BATCH, 7)).toBe(archiveEntryPhotoId(OWNER, BATCH, 7));
  });

  it("is a valid photo id that sorts with its batch, in the archive's order", () => {
    const ids = [0, 1, 31, 32, 1999, MAX_ENTRY_INDEX].map((index) =>
      archiveEntryPhotoId(OWNER, BATCH, index),
    );
    for (const id of ids) {
      expect(PhotoIdSchema.parse(id)).toBe(id);
      expect(id.startsWith(BATCH.slice(0, 10))).toBe(true);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps two batches of the same millisecond apart, and two owners", () => {
    const sameMillisecond = `${BATCH.slice(0, 10)}ZZZZZZZZZZZZZZZZ`;
    expect(archiveEntryPhotoId(OWNER, sameMillisecond, 0)).not.toBe(archiveEntryPhotoId(OWNER, BATCH, 0));
    expect(archiveEntryPhotoId("AAAAAAAAAAAAAAAAAAAAAA", BATCH, 0)).not.toBe(
      archiveEntryPhotoId(OWNER, BATCH, 0),
    );
  });

  it("refuses indexes it cannot encode", () => {
    expect(() => archiveEntryPhotoId(OWNER, BATCH, MAX_ENTRY_INDEX + 1)).toThrow(RangeError);
    expect(() => archiveEntryPhotoId(OWNER, BATCH, -1)).toThrow(RangeError);
  });
});
