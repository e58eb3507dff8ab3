import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/*
 * `make dev`, `make demo`, `make demo-peak` and the benchmarks run in plain Node, which strips
 * TypeScript types but cannot run what needs compiling (parameter properties, enums, namespaces).
 * Vitest compiles everything, so only a real `node` proves the workspace packages those
 * scripts import still load (tsconfig's erasableSyntaxOnly catches most of it first).
 */
describe("the workspace packages the scripts import load in plain Node", () => {
  for (const name of ["@shoebox/devstack", "@shoebox/peak"]) {
    it(name, () => {
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", `await import("${name}");`], {
        cwd: new URL("../../..", import.meta.url),
        encoding: "utf8",
      });
      expect(run.stderr.split("\n").find((line) => /Error/.test(line)) ?? "").toBe("");
      expect(run.status).toBe(0);
    });
  }
});
