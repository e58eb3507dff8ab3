import { mkdtempSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractZip, readZip } from "../src/unzip.ts";
import { makeZip } from "./support/zip.ts";

describe("zip reading", () => {
  it("reads deflated entries with their Unix modes", async () => {
    const entries = await readZip(
      makeZip(
        { "index.mjs": "export const handler = 1;", "bin/tool": "#!/bin/sh" },
        { "bin/tool": 0o100755 },
      ),
    );
    expect(entries.map((entry) => entry.name)).toEqual(["index.mjs", "bin/tool"]);
    expect(entries[0]?.data.toString()).toBe("export const handler = 1;");
    expect((entries[1]?.mode ?? 0) & 0o777).toBe(0o755);
  });

  it("unpacks into a folder, symlinks included", async () => {
    const target = join(mkdtempSync(join(tmpdir(), "devstack-unzip-")), "code");
    const count = await extractZip(
      makeZip(
        { "index.mjs": "x", "node_modules/a/lib.so.1": "binary", "node_modules/a/lib.so": "lib.so.1" },
        { "node_modules/a/lib.so": 0o120777 },
      ),
      target,
    );
    expect(count).toBe(3);
    expect(readFileSync(join(target, "index.mjs"), "utf8")).toBe("x");
    expect(readlinkSync(join(target, "node_modules/a/lib.so"))).toBe("lib.so.1");
    expect(statSync(join(target, "index.mjs")).mode & 0o777).toBe(0o644);
  });

  it("refuses entries that escape the folder and files that are not zips", async () => {
    const target = join(mkdtempSync(join(tmpdir(), "devstack-unzip-")), "code");
    await expect(extractZip(makeZip({ "../evil.txt": "x" }), target)).rejects.toThrow(
      /invalid relative path/,
    );
    await expect(readZip(Buffer.from("not a zip at all, not at all, nope"))).rejects.toThrow(
      /end of central directory record signature not found/i,
    );
  });
});
