import { describe, expect, it } from "vitest";
import {
  baseName,
  displayName,
  entryKind,
  isArchiverMetadata,
  unsafeNameReason,
} from "../../src/entry-names.ts";

const UNIX = 3 << 8;

describe("unsafeNameReason", () => {
  it.each([
    ["../evil.jpg", "climbs out"],
    ["receipts/../../evil.jpg", "climbs out"],
    ["..\\evil.jpg", "climbs out"],
    ["receipts\\..\\..\\evil.jpg", "climbs out"],
    ["/etc/x", "absolute path"],
    ["\\\\server\\share\\x.jpg", "absolute path"],
    ["C:\\x", "drive letter"],
    ["c:x.jpg", "drive letter"],
    ["receipt\u0000.jpg", "control characters"],
    ["", "no name"],
  ])("refuses %j", (name, reason) => {
    expect(unsafeNameReason(name)).toContain(reason);
  });

  it.each([
    "receipt.jpg",
    "2024/march/receipt.jpg",
    "..receipt.jpg",
    "a..b/c.jpg",
    "café ✓.png",
    "./receipt.jpg",
  ])("accepts %j", (name) => {
    expect(unsafeNameReason(name)).toBeUndefined();
  });
});

describe("entryKind", () => {
  it("sees directories by their trailing slash, Unix mode or MS-DOS attribute", () => {
    expect(entryKind({ versionMadeBy: 20, externalFileAttributes: 0 }, "receipts/")).toBe("directory");
    expect(
      entryKind({ versionMadeBy: UNIX, externalFileAttributes: (0o040755 << 16) >>> 0 }, "receipts"),
    ).toBe("directory");
    expect(entryKind({ versionMadeBy: 20, externalFileAttributes: 0x10 }, "receipts")).toBe("directory");
  });

  it("sees symlinks by their Unix mode, and only when the archive was made on Unix", () => {
    const symlinkMode = (0o120777 << 16) >>> 0;
    expect(entryKind({ versionMadeBy: UNIX, externalFileAttributes: symlinkMode }, "link.jpg")).toBe(
      "symlink",
    );
    expect(entryKind({ versionMadeBy: 20, externalFileAttributes: symlinkMode }, "link.jpg")).toBe("file");
  });

  it("takes anything else for a file", () => {
    expect(entryKind({ versionMadeBy: UNIX, externalFileAttributes: (0o100644 << 16) >>> 0 }, "a.jpg")).toBe(
      "file",
    );
  });
});

describe("names for people", () => {
  it("keeps the base name of an entry for originalName", () => {
    expect(baseName("scans/2024/receipt.jpg")).toBe("receipt.jpg");
    expect(baseName("scans\\2024\\receipt.jpg")).toBe("receipt.jpg");
    expect(baseName("receipt.jpg")).toBe("receipt.jpg");
  });

  it("replaces control characters, normalises to NFC and stops at 255 characters", () => {
    expect(displayName("a\u0007b\u009b.jpg")).toBe("a?b?.jpg");
    expect(displayName("cafe\u0301.jpg")).toBe("café.jpg");
    expect([...displayName(`${"€".repeat(300)}.jpg`)]).toHaveLength(255);
  });

  it("knows the metadata macOS adds to every zip it makes", () => {
    expect(isArchiverMetadata("__MACOSX/._receipt.jpg")).toBe(true);
    expect(isArchiverMetadata("scans/.DS_Store")).toBe(true);
    expect(isArchiverMetadata("receipt.jpg")).toBe(false);
  });
});
