import { describe, expect, it } from "vitest";
import { layoutOf, MAX_DIRECTORY_BYTES, surveyLayout } from "../../src/archive-layout.ts";
import { ArchiveUnreadableError } from "../../src/errors.ts";
import { centralDirectoryStart } from "../../src/zip-archive.ts";
import { openZip } from "../helpers/open-zip.ts";
import { buildZip, fakeJpeg, patchEntry, photo, sharedStreamZip } from "../helpers/zips.ts";

const survey = async (zip: Buffer) => surveyLayout(await openZip(zip), Number.POSITIVE_INFINITY);

/** Where a zip's central directory starts, read from its end record. */
const directoryStartOf = async (zip: Buffer) => centralDirectoryStart(await openZip(zip));

describe("layoutOf", () => {
  it("gives each entry the bytes up to the next entry's local header", () => {
    const layout = layoutOf(
      [
        { index: 0, start: 0, end: 400 },
        { index: 1, start: 500, end: 900 },
        { index: 2, start: 900, end: 1000 },
      ],
      1000,
    );

    expect([0, 1, 2].map((index) => layout.dataEnd(index))).toEqual([500, 900, 1000]);
  });

  it("refuses a directory whose entries are out of file order, before anything is read", () => {
    expect(() =>
      layoutOf(
        [
          { index: 0, start: 500, end: 900 },
          { index: 1, start: 0, end: 400 },
        ],
        1000,
      ),
    ).toThrow(
      new ArchiveUnreadableError(
        "entries out of order: entry 0 comes before entry 1 in the directory but after it in the file; archivers write them in order, so the archive is refused",
      ),
    );
  });

  it("refuses entries that share bytes, naming both", () => {
    expect(() =>
      layoutOf(
        [
          { index: 0, start: 0, end: 501 },
          { index: 1, start: 500, end: 900 },
        ],
        1000,
      ),
    ).toThrow(
      new ArchiveUnreadableError(
        "entries overlap: the archive is a zip bomb (entries 0 and 1 share bytes 500-500)",
      ),
    );
  });

  it("refuses an entry that runs into the central directory", () => {
    expect(() => layoutOf([{ index: 0, start: 0, end: 1001 }], 1000)).toThrow(
      /entry 0 runs past the central directory/,
    );
  });
});

describe("surveyLayout on real archives", () => {
  it("accepts what an archiver writes: stored, deflated, directories and empty files", async () => {
    const zip = await buildZip([
      { name: "scans", directory: true },
      { name: "scans/coffee.jpg", bytes: photo("coffee") },
      { name: "chelsea.jpg", bytes: photo("chelsea"), compress: false },
      { name: "empty.txt", bytes: Buffer.alloc(0) },
    ]);

    const layout = await survey(zip);

    expect(layout.dataEnd(3)).toBe(await directoryStartOf(zip));
    expect(layout.dataEnd(0)).toBeLessThan(layout.dataEnd(1));
  });

  it("refuses 100 entries that share one deflate stream, from the central directory alone", async () => {
    const zip = sharedStreamZip(100, fakeJpeg(300 * 1024));

    await expect(survey(zip)).rejects.toThrow(
      /^entries overlap: the archive is a zip bomb \(entries 0 and 1/,
    );
  });

  it("refuses an entry whose data would cover the next entry", async () => {
    const zip = await buildZip([
      { name: "a.jpg", bytes: photo("coffee") },
      { name: "b.jpg", bytes: photo("chelsea") },
    ]);
    const covering = patchEntry(zip, "a.jpg", { compressedSize: photo("coffee").length + 1000 });

    await expect(survey(covering)).rejects.toThrow(/entries overlap.*entries 0 and 1/);
  });

  it("refuses local header offsets beyond the central directory, or data that would run into it", async () => {
    const zip = await buildZip([
      { name: "a.jpg", bytes: photo("coffee") },
      { name: "b.jpg", bytes: photo("chelsea") },
    ]);
    const directoryStart = await directoryStartOf(zip);

    const pastTheDirectory = patchEntry(zip, "b.jpg", { localHeaderOffset: directoryStart + 10 });
    const intoTheDirectory = patchEntry(zip, "b.jpg", { compressedSize: zip.length });

    await expect(survey(pastTheDirectory)).rejects.toThrow(/entry 1 runs past the central directory/);
    await expect(survey(intoTheDirectory)).rejects.toThrow(/entry 1 runs past the central directory/);
  });

  it("surveys only the entries that will be read", async () => {
    const zip = patchEntry(
      await buildZip([
        { name: "a.jpg", bytes: photo("coffee") },
        { name: "b.jpg", bytes: photo("chelsea") },
      ]),
      "b.jpg",
      { localHeaderOffset: 0 },
    );

    const layout = await surveyLayout(await openZip(zip), 1);

    expect(layout.dataEnd(0)).toBe(await directoryStartOf(zip));
    expect(() => layout.dataEnd(1)).toThrow(RangeError);
  });

  it("refuses a central directory of names no archiver writes before reading all of it", async () => {
    // 300 entries with 60 000-byte names: 18 MB of directory for 300 empty files.
    const files = Array.from({ length: 300 }, (_, index) => ({
      name: `${String(index).padStart(4, "0")}${"n".repeat(59_996)}`,
      bytes: Buffer.alloc(0),
    }));
    const zip = await buildZip(files);

    await expect(survey(zip)).rejects.toThrow(
      new RegExp(`more than ${MAX_DIRECTORY_BYTES} bytes for its first 2\\d\\d entries`),
    );
  });
});
