import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction } from "../../build/bundle.mjs";
import { symbolicate } from "../../build/symbolicate.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const fixture = path.join(import.meta.dirname, "../fixtures/bundle/throws.ts");

let taskDir;
let bundled;

beforeAll(async () => {
  bundled = await bundleFunction({ repoRoot, fn: { name: "throws", entryPoint: fixture } });
  taskDir = await mkdtemp(path.join(tmpdir(), "symbolicate-"));
  for (const file of bundled.files) await writeFile(path.join(taskDir, file.path), file.data);
});

afterAll(async () => {
  if (taskDir) await rm(taskDir, { recursive: true, force: true });
});

/** The stack the bundled handler's error prints, from a fresh Node, as Lambda would log it. */
const traceOfBundledHandler = async () => {
  const script = `import(${JSON.stringify(pathToFileURL(path.join(taskDir, "index.mjs")).href)})
    .then(({ handler }) => handler({ total: -1 })).catch((error) => console.log(error.stack));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
  return stdout;
};

describe("a bundle and its source map", () => {
  it("link to nothing from the bundle: the map ships beside the zip", () => {
    expect(bundled.files.map((file) => file.path)).toEqual(["index.mjs"]);
    expect(new TextDecoder().decode(bundled.files[0].data)).not.toContain("sourceMappingURL");
    expect(JSON.parse(new TextDecoder().decode(bundled.sourceMap)).sourcesContent).toBeUndefined();
  });

  it("map a trace of the minified bundle back to the TypeScript line that threw", async () => {
    const trace = await traceOfBundledHandler();
    expect(trace).toMatch(
      /^RangeError: a receipt total is never negative\n\s+at \S+ \(file:.*index\.mjs:\d+:\d+\)/,
    );

    const mapped = symbolicate(trace, new TextDecoder().decode(bundled.sourceMap));

    expect(mapped).toContain("(scripts/tests/fixtures/bundle/throws.ts:3:");
    expect(mapped).not.toMatch(/index\.mjs:\d+:\d+/);
  });

  it("leaves a position the map does not cover as it was", () => {
    const map = { version: 3, sources: [], names: [], mappings: "" };
    expect(symbolicate("at x (file:///var/task/index.mjs:1:1)", map)).toBe(
      "at x (file:///var/task/index.mjs:1:1)",
    );
  });
});
