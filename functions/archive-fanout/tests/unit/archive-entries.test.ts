import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type VettedEntry, vetEntry } from "../../src/archive-entries.ts";
import { surveyLayout } from "../../src/archive-layout.ts";
import { type EntryLimits, loadFanoutConfig } from "../../src/config.ts";
import { testEnvironment } from "../helpers/events.ts";
import { openZip } from "../helpers/open-zip.ts";
import { buildZip, MiB, patchEntry, photo } from "../helpers/zips.ts";

const { limits } = loadFanoutConfig(testEnvironment);

/** Vets every entry of an in-memory archive, as the function does with one in S3: layout first. */
const vetAll = async (
  zip: Buffer,
  options: { limits?: EntryLimits; budget?: number } = {},
): Promise<VettedEntry[]> => {
  const layout = await surveyLayout(await openZip(zip), Number.POSITIVE_INFINITY);
  const zipfile = await openZip(zip);
  const vetted: VettedEntry[] = [];
  let index = 0;
  for await (const entry of zipfile.eachEntry()) {
    vetted.push(
      await vetEntry(
        zipfile,
        entry,
        { index, dataEnd: layout.dataEnd(index++) },
        options.limits ?? limits,
        options.budget ?? limits.maxArchiveUncompressedBytes,
      ),
    );
  }
  zipfile.close();
  return vetted;
};

const vetOne = async (zip: Buffer, options?: Parameters<typeof vetAll>[1]): Promise<VettedEntry> => {
  const [only] = await vetAll(zip, options);
  if (!only) throw new Error("the archive has no entry");
  return only;
};

describe("vetEntry on real archives", () => {
  it("reads deflated and stored images whole, typed by their bytes, with their base name", async () => {
    // Prepare
    const zip = await buildZip([
      { name: "scans/2024/coffee.jpg", bytes: photo("coffee") },
      { name: "chelsea.JPG", bytes: photo("chelsea"), compress: false },
    ]);

    // Act
    const [coffee, chelsea] = await vetAll(zip);

    // Assess
    expect(coffee).toEqual({
      kind: "image",
      originalName: "coffee.jpg",
      contentType: "image/jpeg",
      bytes: photo("coffee"),
    });
    expect(chelsea).toEqual({
      kind: "image",
      originalName: "chelsea.JPG",
      contentType: "image/jpeg",
      bytes: photo("chelsea"),
    });
  });

  it("decides by magic bytes, not by name: a JPEG named .txt is an image, text named .jpg is not", async () => {
    const zip = await buildZip([
      { name: "notes.txt", bytes: photo("astronaut") },
      { name: "receipt.jpg", bytes: Buffer.from("Dear diary, today I zipped a text file by mistake.\n") },
    ]);

    const [jpeg, text] = await vetAll(zip);

    expect(jpeg).toMatchObject({ kind: "image", contentType: "image/jpeg", originalName: "notes.txt" });
    expect(text).toEqual({
      kind: "refused",
      refusal: {
        index: 1,
        name: "receipt.jpg",
        code: "NOT_AN_IMAGE",
        reason: expect.stringContaining("not jpeg"),
      },
      inflatedBytes: 51,
    });
  });

  it("stops inflating a large non-image after its first bytes", async () => {
    const zip = await buildZip([{ name: "video.jpg", bytes: randomBytes(8 * MiB) }]);

    const vetted = await vetOne(zip);

    expect(vetted).toMatchObject({ kind: "refused", refusal: { code: "NOT_AN_IMAGE" } });
    expect(vetted.kind === "refused" && vetted.inflatedBytes).toBeLessThan(MiB);
  });

  it.each([
    ["xx/evil.jpg", "../evil.jpg"],
    ["xx_evil.jpg", "..\\evil.jpg"],
    ["xetc/x.jpg", "/etc/x.jpg"],
    ["xx_x.jpg", "C:\\x.jpg"],
    ["a/b/c/dd/evil.jpg", "a/b/c/../evil.jpg"],
  ])("refuses the unsafe name %j -> %j without reading it", async (placeholder, hostile) => {
    const zip = patchEntry(await buildZip([{ name: placeholder, bytes: photo("coffee") }]), placeholder, {
      rename: hostile,
    });

    expect(await vetOne(zip)).toEqual({
      kind: "refused",
      refusal: { index: 0, name: hostile, code: "UNSAFE_NAME", reason: expect.any(String) },
      inflatedBytes: 0,
    });
  });

  it("skips directories and macOS metadata silently, and refuses symlinks", async () => {
    const zip = await buildZip([
      { name: "scans", directory: true },
      { name: "__MACOSX/._coffee.jpg", bytes: Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]) },
      { name: "latest.jpg", bytes: Buffer.from("scans/coffee.jpg"), mode: 0o120777 },
    ]);

    const vetted = await vetAll(zip);

    expect(vetted.map((entry) => (entry.kind === "refused" ? entry.refusal.code : entry.kind))).toEqual([
      "skipped",
      "skipped",
      "SYMLINK",
    ]);
  });

  it("refuses encrypted entries and unsupported compression methods from their headers", async () => {
    let zip = await buildZip([
      { name: "secret.jpg", bytes: photo("coffee") },
      { name: "lzma.jpg", bytes: photo("chelsea") },
    ]);
    zip = patchEntry(zip, "secret.jpg", { setFlags: 0x1 });
    zip = patchEntry(zip, "lzma.jpg", { compressionMethod: 14 });

    const [secret, lzma] = await vetAll(zip);

    expect(secret).toMatchObject({ kind: "refused", refusal: { code: "ENCRYPTED" }, inflatedBytes: 0 });
    expect(lzma).toMatchObject({
      kind: "refused",
      refusal: { code: "UNSUPPORTED_COMPRESSION" },
      inflatedBytes: 0,
    });
  });

  it("refuses an honest zip bomb from its header: 20 MiB of zeros in about 20 KB", async () => {
    const zip = await buildZip([{ name: "bomb.jpg", bytes: Buffer.alloc(20 * MiB) }]);

    expect(await vetOne(zip)).toMatchObject({
      kind: "refused",
      refusal: { code: "ZIP_BOMB", reason: expect.stringMatching(/inflate \d{3,4} times/) },
      inflatedBytes: 0,
    });
  });

  it("stops a lying zip bomb at its declared size: 64 MiB of zeros that claims 512 KiB", async () => {
    // Prepare: a JPEG start, so the magic bytes pass and only the size check can stop it; its
    // 64 KB of deflate could hold 512 KiB, so the header passes.
    const bomb = Buffer.alloc(64 * MiB);
    photo("coffee").copy(bomb, 0, 0, 64);
    const declared = 512 * 1024;
    const zip = patchEntry(await buildZip([{ name: "bomb.jpg", bytes: bomb }]), "bomb.jpg", {
      uncompressedSize: declared,
    });

    // Act
    const vetted = await vetOne(zip);

    // Assess: refused after one inflate chunk, not after 64 MiB
    expect(vetted).toMatchObject({
      kind: "refused",
      refusal: {
        code: "SIZE_MISMATCH",
        reason: expect.stringContaining(`declares ${declared} bytes, but it inflates to more`),
      },
    });
    expect(vetted.kind === "refused" && vetted.inflatedBytes).toBeLessThanOrEqual(declared + 64 * 1024);
  });

  it("refuses an entry that inflates to fewer bytes than declared", async () => {
    const zip = patchEntry(await buildZip([{ name: "short.jpg", bytes: photo("coffee") }]), "short.jpg", {
      uncompressedSize: photo("coffee").length + 10,
    });

    expect(await vetOne(zip)).toMatchObject({
      kind: "refused",
      refusal: { code: "SIZE_MISMATCH", reason: expect.stringContaining("inflates to only") },
    });
  });

  it("refuses a stored entry whose declared size is smaller than its data, without failing the archive", async () => {
    const zip = patchEntry(
      await buildZip([
        { name: "stored.jpg", bytes: photo("coffee"), compress: false },
        { name: "next.jpg", bytes: photo("chelsea") },
      ]),
      "stored.jpg",
      { uncompressedSize: 1000 },
    );

    const [stored, next] = await vetAll(zip);

    expect(stored).toMatchObject({ kind: "refused", refusal: { code: "SIZE_MISMATCH" } });
    expect(next).toMatchObject({ kind: "image" });
  });

  it("refuses an entry whose deflate stream is damaged, and reads the next one", async () => {
    const zip = await buildZip([
      { name: "damaged.jpg", bytes: photo("coffee") },
      { name: "fine.jpg", bytes: photo("chelsea") },
    ]);
    // The deflate data of the first entry starts after its 30-byte local header, name and extra field.
    const dataStart = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
    zip.fill(0xff, dataStart + 100, dataStart + 400);

    const [damaged, fine] = await vetAll(zip);

    expect(damaged).toMatchObject({
      kind: "refused",
      refusal: { code: expect.stringMatching(/^(CORRUPT_ENTRY|SIZE_MISMATCH)$/) },
    });
    expect(fine).toMatchObject({ kind: "image" });
  });

  it("refuses an entry whose local header moves its data into the next entry, without reading it, and reads the next one", async () => {
    // Prepare: the central directory is in order; only the local extra field lies.
    const zip = patchEntry(
      await buildZip([
        { name: "a.jpg", bytes: photo("coffee") },
        { name: "b.jpg", bytes: photo("chelsea") },
      ]),
      "a.jpg",
      { localExtraLength: 4000 },
    );

    // Act
    const [moved, next] = await vetAll(zip);

    // Assess
    expect(moved).toEqual({
      kind: "refused",
      refusal: {
        index: 0,
        name: "a.jpg",
        code: "CORRUPT_ENTRY",
        reason: expect.stringContaining("into the bytes of the next entry"),
      },
      inflatedBytes: 0,
    });
    expect(next).toMatchObject({ kind: "image", bytes: photo("chelsea") });
  });

  it("refuses entries larger than MAX_ENTRY_BYTES and those beyond the archive's budget", async () => {
    const zip = await buildZip([{ name: "coffee.jpg", bytes: photo("coffee") }]);
    const size = photo("coffee").length;

    expect(await vetOne(zip, { limits: { ...limits, maxEntryBytes: size - 1 } })).toMatchObject({
      refusal: { code: "TOO_LARGE" },
    });
    expect(await vetOne(zip, { budget: size - 1 })).toMatchObject({
      refusal: { code: "ARCHIVE_BUDGET_EXCEEDED" },
    });
    expect(await vetOne(zip, { budget: size })).toMatchObject({ kind: "image" });
  });
});
