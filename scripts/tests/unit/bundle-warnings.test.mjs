import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleWarnings } from "../../build/bundle-warnings.mjs";

/*
 * A metafile as esbuild writes it, over files in a scratch repository: what the warnings read
 * (each input's bytes in the bundle, its imports, an importer's text, a package's version).
 */
let repoRoot;

beforeEach(async () => {
  repoRoot = await mkdtemp(path.join(tmpdir(), "bundle-warnings-"));
});

afterEach(async () => {
  await rm(repoRoot, { recursive: true, force: true });
});

const writeRepoFile = async (file, text) => {
  await mkdir(path.dirname(path.join(repoRoot, file)), { recursive: true });
  await writeFile(path.join(repoRoot, file), text);
};

const metafileOf = (inputs) => ({
  inputs: Object.fromEntries(
    Object.entries(inputs).map(([input, { imports = [] }]) => [
      input,
      { imports: imports.map((p) => ({ path: p })) },
    ]),
  ),
  outputs: {
    "index.mjs": {
      entryPoint: "src/handler.ts",
      inputs: Object.fromEntries(
        Object.entries(inputs).map(([input, { bytes }]) => [input, { bytesInOutput: bytes }]),
      ),
    },
  },
});

const zod = "node_modules/.pnpm/zod@4.6.7/node_modules/zod";

describe("bundleWarnings", () => {
  it("names the module whose `import { z }` bundles all of zod, and not one importing the namespace", async () => {
    await writeRepoFile("src/handler.ts", 'import * as z from "zod";\n');
    await writeRepoFile(
      "src/currencies.ts",
      '// not `import { z } from "zod"` in a comment\nimport { z } from "zod";\n',
    );
    const metafile = metafileOf({
      "src/handler.ts": { bytes: 100, imports: [`${zod}/index.js`] },
      "src/currencies.ts": { bytes: 100, imports: [`${zod}/index.js`] },
      [`${zod}/index.js`]: { bytes: 10 },
      [`${zod}/v4/locales/en.js`]: { bytes: 3_000 },
      [`${zod}/v4/locales/de.js`]: { bytes: 5_120 },
    });

    expect(bundleWarnings({ repoRoot, metafile })).toEqual([
      'all of zod is bundled (its 1 locales alone are 5 KiB): write import * as z from "zod" instead of import { z } in src/currencies.ts',
    ]);
  });

  it("sums the extra copies of packages bundled in two versions", async () => {
    const core = (version) => `node_modules/.pnpm/@smithy+core@${version}/node_modules/@smithy/core`;
    await writeRepoFile(`${core("3.41.0")}/package.json`, '{"version":"3.41.0"}');
    await writeRepoFile(`${core("3.41.1")}/package.json`, '{"version":"3.41.1"}');
    const metafile = metafileOf({
      [`${core("3.41.1")}/dist-es/index.js`]: { bytes: 140 * 1024 },
      [`${core("3.41.0")}/dist-es/index.js`]: { bytes: 60 * 1024 },
      [`${core("3.41.0")}/dist-es/submodules/schema/index.js`]: { bytes: 7 * 1024 },
      "node_modules/.pnpm/ulid@3.0.1/node_modules/ulid/dist/index.js": { bytes: 2_000 },
    });

    expect(bundleWarnings({ repoRoot, metafile })).toEqual([
      "1 package(s) bundled in more than one version (67 KiB of extra copies): @smithy/core 3.41.1 + 3.41.0; " +
        "give the packages that need them one version (pnpm why <name>)",
    ]);
  });

  it("has nothing to say about a bundle of one copy of each package and zod's namespace", async () => {
    const metafile = metafileOf({ [`${zod}/v4/locales/en.js`]: { bytes: 3_000 } });
    expect(bundleWarnings({ repoRoot, metafile })).toEqual([]);
  });
});
