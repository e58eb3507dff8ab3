import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction } from "../../build/bundle.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const fixture = path.join(import.meta.dirname, "../fixtures/bundle/imports-http.ts");

let taskDir;
let bundle;

beforeAll(async () => {
  const { files } = await bundleFunction({ repoRoot, fn: { name: "imports-http", entryPoint: fixture } });
  bundle = new TextDecoder().decode(files[0].data);
  taskDir = await mkdtemp(path.join(tmpdir(), "builtins-"));
  await writeFile(path.join(taskDir, "index.mjs"), bundle);
});

afterAll(async () => {
  if (taskDir) await rm(taskDir, { recursive: true, force: true });
});

/** Runs `script` (an ES module) in a fresh Node and returns what it printed, parsed. */
const runFresh = async (script) => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
  return JSON.parse(stdout);
};
const undiciLoaded = "process.moduleLoadList.some((name) => name.includes('undici'))";

describe("built-ins in a bundle", () => {
  it("are required, not imported as ES modules (only the banner's node:module is)", () => {
    const imported = [...bundle.matchAll(/\bfrom\s*"([^"]+)"/g)].map((match) => match[1]);
    expect(imported).toEqual(["node:module"]);
  });

  it("work as imported, without node:http loading Node's fetch (undici) at import", async () => {
    const url = pathToFileURL(path.join(taskDir, "index.mjs")).href;
    const outcome = await runFresh(
      `const { handler } = await import(${JSON.stringify(url)});
       console.log(JSON.stringify({ answer: await handler(), undici: ${undiciLoaded} }));`,
    );
    expect(outcome).toEqual({ answer: ["Not Found", "receipts/r-1"], undici: false });
  });

  it("(as an ES module import, node:http does load it: what the bundle avoids)", async () => {
    expect(await runFresh(`await import("node:http"); console.log(${undiciLoaded});`)).toBe(true);
  });
});
