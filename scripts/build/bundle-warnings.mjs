import { readFileSync } from "node:fs";
import path from "node:path";
import { packageNameOf } from "./node-modules.mjs";

/*
 * What made bundles large without anyone noticing, found in esbuild's metafile. Each costs a
 * cold start on every function that has it, so the build says so (it does not fail: the fix
 * is usually in code or a lockfile the build does not own).
 */

const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;

/** `node_modules/.pnpm/x@1/node_modules/@scope/name/lib/a.js` -> its package's folder and name. */
const packageOfInput = (input) => {
  const marker = input.lastIndexOf("node_modules/");
  if (marker === -1) return undefined;
  const name = packageNameOf(input.slice(marker + "node_modules/".length));
  return { name, dir: `${input.slice(0, marker)}node_modules/${name}` };
};

/**
 * `import { z } from "zod"` keeps all of zod (its JSON Schema tools and every locale, about
 * 350 KiB more than `import * as z from "zod"`): esbuild cannot tree-shake a namespace object
 * imported by name. A locale other than English in the bundle gives it away.
 */
const namedZodImport = /^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod["']/m;

const wholeZodWarning = (repoRoot, inputs) => {
  const locales = Object.keys(inputs).filter((input) => /\/zod\/v4\/locales\/(?!en\.js)/.test(input));
  if (locales.length === 0) return [];
  const bytes = locales.reduce((sum, input) => sum + inputs[input].bytesInOutput, 0);
  const importers = Object.entries(inputs)
    .filter(([, { imports }]) => imports.some((imported) => /\/zod\/index\.js$/.test(imported.path)))
    .map(([input]) => input)
    .filter((input) => namedZodImport.test(readFileSync(path.resolve(repoRoot, input), "utf8")));
  return [
    `all of zod is bundled (its ${locales.length} locales alone are ${kib(bytes)}): ` +
      `write import * as z from "zod" instead of import { z } in ${importers.join(", ") || "(importer not found)"}`,
  ];
};

/**
 * Packages bundled in more than one version, in one warning: two AWS SDK clients of different
 * versions each bring their own @smithy/core, @aws-sdk/core and credential providers.
 */
const duplicatePackagesWarning = (repoRoot, inputs) => {
  const copies = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = packageOfInput(input);
    if (!pkg) continue;
    const byDir = copies.get(pkg.name) ?? new Map();
    byDir.set(pkg.dir, (byDir.get(pkg.dir) ?? 0) + bytesInOutput);
    copies.set(pkg.name, byDir);
  }
  const duplicated = [...copies].filter(([, byDir]) => byDir.size > 1);
  if (duplicated.length === 0) return [];
  const versionOf = (dir) =>
    JSON.parse(readFileSync(path.resolve(repoRoot, dir, "package.json"), "utf8")).version;
  const extraBytes = duplicated.reduce((sum, [, byDir]) => {
    const sizes = [...byDir.values()];
    return sum + sizes.reduce((a, b) => a + b, 0) - Math.max(...sizes);
  }, 0);
  const listed = duplicated.map(([name, byDir]) => `${name} ${[...byDir.keys()].map(versionOf).join(" + ")}`);
  return [
    `${duplicated.length} package(s) bundled in more than one version (${kib(extraBytes)} of extra copies): ` +
      `${listed.join(", ")}; give the packages that need them one version (pnpm why <name>)`,
  ];
};

/**
 * Warnings about a bundle's size from its metafile: all of zod bundled because of a named
 * import, and packages bundled in more than one version.
 *
 * @example
 * bundleWarnings({ repoRoot, metafile }) // ["2 package(s) bundled in more than one version (70 KiB of extra copies): @smithy/core 3.41.1 + 3.41.0, ..."]
 */
export const bundleWarnings = ({ repoRoot, metafile }) => {
  const bundle = Object.values(metafile.outputs).find((output) => output.entryPoint);
  const inputs = Object.fromEntries(
    Object.entries(bundle.inputs).map(([input, { bytesInOutput }]) => [
      input,
      { bytesInOutput, imports: metafile.inputs[input]?.imports ?? [] },
    ]),
  );
  return [...wholeZodWarning(repoRoot, inputs), ...duplicatePackagesWarning(repoRoot, inputs)];
};
