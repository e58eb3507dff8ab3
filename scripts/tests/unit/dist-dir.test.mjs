import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeDistPath, distDirFrom } from "../../build/dist-dir.mjs";
import { BuildError } from "../../build/errors.mjs";

const repoRoot = "/repo";

describe("distDirFrom", () => {
  it("is dist/ of the repository unless told otherwise", () => {
    expect(distDirFrom({ repoRoot, argv: ["--verbose"], env: {} })).toBe("/repo/dist");
  });

  it("takes --out <dir> or --out=<dir> before SHOEBOX_DIST_DIR", () => {
    const env = { SHOEBOX_DIST_DIR: "/tmp/from-env" };
    expect(distDirFrom({ repoRoot, argv: ["--out", "/tmp/cold-dist"], env })).toBe("/tmp/cold-dist");
    expect(distDirFrom({ repoRoot, argv: ["--out=/tmp/cold-dist"], env })).toBe("/tmp/cold-dist");
    expect(distDirFrom({ repoRoot, argv: [], env })).toBe("/tmp/from-env");
  });

  it("resolves a relative folder against the working directory, as a shell user means it", () => {
    expect(distDirFrom({ repoRoot, argv: ["--out", "build"], env: {} })).toBe(path.resolve("build"));
  });

  it("refuses --out without a folder", () => {
    expect(() => distDirFrom({ repoRoot, argv: ["--out"], env: {} })).toThrow(BuildError);
  });
});

describe("describeDistPath", () => {
  it("names a file inside the repository relative to it, and one outside by its full path", () => {
    expect(describeDistPath(repoRoot, "/repo/dist", "manifest.json")).toBe("dist/manifest.json");
    expect(describeDistPath(repoRoot, "/tmp/cold-dist", "manifest.json")).toBe(
      "/tmp/cold-dist/manifest.json",
    );
  });
});
