import { describe, expect, it } from "vitest";
import { loadFanoutConfig } from "../../src/config.ts";
import { type EntryHeader, headerRefusal } from "../../src/entry-vetting.ts";
import { testEnvironment } from "../helpers/events.ts";
import { MiB } from "../helpers/zips.ts";

const { limits } = loadFanoutConfig(testEnvironment);
const budget = limits.maxArchiveUncompressedBytes;

const header = (overrides: Partial<EntryHeader> = {}): EntryHeader => ({
  index: 0,
  name: "receipt.jpg",
  kind: "file",
  encrypted: false,
  compressionMethod: 8,
  compressedSize: 2 * MiB,
  uncompressedSize: 2 * MiB + 1000,
  ...overrides,
});

describe("headerRefusal", () => {
  it("lets an ordinary deflated or stored image through", () => {
    expect(headerRefusal(header(), limits, budget)).toBeUndefined();
    expect(
      headerRefusal(header({ compressionMethod: 0, uncompressedSize: 2 * MiB }), limits, budget),
    ).toBeUndefined();
  });

  it("refuses unsafe names before anything else", () => {
    expect(headerRefusal(header({ name: "../evil.jpg", encrypted: true }), limits, budget)?.code).toBe(
      "UNSAFE_NAME",
    );
  });

  it("refuses symlinks, encrypted entries and compression methods other than stored and deflate", () => {
    expect(headerRefusal(header({ kind: "symlink" }), limits, budget)?.code).toBe("SYMLINK");
    expect(headerRefusal(header({ encrypted: true }), limits, budget)?.code).toBe("ENCRYPTED");
    for (const method of [12, 14, 93, 99]) {
      expect(headerRefusal(header({ compressionMethod: method }), limits, budget)).toMatchObject({
        code: "UNSUPPORTED_COMPRESSION",
        reason: expect.stringContaining(`method ${method}`),
      });
    }
  });

  it("refuses a ratio above 200:1 once the entry is larger than 1 MiB", () => {
    const bomb = header({ compressedSize: 10 * 1024, uncompressedSize: 10 * 1024 * 201 });
    expect(headerRefusal(bomb, limits, budget)).toMatchObject({
      code: "ZIP_BOMB",
      reason: expect.stringContaining("201 times"),
    });
    const atTheRatio = header({ compressedSize: 10 * 1024, uncompressedSize: 10 * 1024 * 200 });
    expect(headerRefusal(atTheRatio, limits, budget)).toBeUndefined();
  });

  it("lets a small entry compress well: a blank page is no bomb", () => {
    expect(
      headerRefusal(header({ compressedSize: 1000, uncompressedSize: MiB }), limits, budget),
    ).toBeUndefined();
  });

  it("takes a zero compressed size with a large declared size for a bomb", () => {
    expect(
      headerRefusal(header({ compressedSize: 0, uncompressedSize: 2 * MiB }), limits, budget)?.code,
    ).toBe("ZIP_BOMB");
  });

  it("refuses entries above MAX_ENTRY_BYTES", () => {
    const large = header({
      compressionMethod: 0,
      compressedSize: 25 * MiB + 1,
      uncompressedSize: 25 * MiB + 1,
    });
    expect(headerRefusal(large, limits, budget)).toMatchObject({
      code: "TOO_LARGE",
      reason: `it holds ${25 * MiB + 1} bytes; the limit is ${25 * MiB}`,
    });
    expect(
      headerRefusal({ ...large, compressedSize: 25 * MiB, uncompressedSize: 25 * MiB }, limits, budget),
    ).toBe(undefined);
  });

  it("refuses an entry that does not fit what is left of the archive's budget", () => {
    expect(headerRefusal(header(), limits, 2 * MiB)?.code).toBe("ARCHIVE_BUDGET_EXCEEDED");
    expect(headerRefusal(header(), limits, 2 * MiB + 1000)).toBeUndefined();
  });

  it("refuses more compressed bytes than any deflate of the declared size needs: they would be fetched for nothing", () => {
    const declared = 2 * MiB;
    const worstDeflate = declared + declared / 8 + 1024;
    expect(
      headerRefusal(header({ compressedSize: worstDeflate, uncompressedSize: declared }), limits, budget),
    ).toBeUndefined();
    expect(
      headerRefusal(header({ compressedSize: worstDeflate + 1, uncompressedSize: declared }), limits, budget),
    ).toEqual({
      code: "SIZE_MISMATCH",
      reason: `its ${worstDeflate + 1} compressed bytes are more than any compression of its ${declared} declared bytes needs`,
    });
  });

  it("refuses empty entries", () => {
    expect(headerRefusal(header({ compressedSize: 2, uncompressedSize: 0 }), limits, budget)?.code).toBe(
      "EMPTY_FILE",
    );
  });
});
