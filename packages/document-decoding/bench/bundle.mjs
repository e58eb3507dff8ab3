import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The package bundled as scripts/build bundles a Lambda (ESM, node22, a `require` for bundled
 * CommonJS, libheif's wasm inside): what runs there is what is measured. Returns the file.
 */
export const bundlePackage = async () => {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), "document-decoding-")), "index.mjs");
  await esbuild.build({
    stdin: {
      contents: 'export * from "./src/index.ts"; export { libheifHeapBytes } from "./src/heic/libheif.ts";',
      resolveDir: packageDir,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    mainFields: ["module", "main"],
    outfile,
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
    logLevel: "error",
  });
  return outfile;
};
