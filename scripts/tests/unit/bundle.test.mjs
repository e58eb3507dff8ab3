import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleFunction } from "../../build/bundle.mjs";
import { BuildError } from "../../build/errors.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const fixture = (name) => path.join(import.meta.dirname, "../fixtures/bundle", name);

describe("bundleFunction keeps tooling out of the zips", () => {
  it("refuses a function whose bundle imports anything under tools/", async () => {
    const bundling = bundleFunction({
      repoRoot,
      fn: { name: "bad", entryPoint: fixture("imports-tooling.ts") },
    });
    await expect(bundling).rejects.toThrow(BuildError);
    await expect(bundling).rejects.toThrow(
      /imports tooling, which never ships to AWS: tools\/devstack\/src\/repo-root\.ts/,
    );
  });

  it("bundles a function that does not", async () => {
    const { files } = await bundleFunction({
      repoRoot,
      fn: { name: "good", entryPoint: fixture("plain.ts") },
    });
    expect(files.map((file) => file.path)).toContain("index.mjs");
  });
});
