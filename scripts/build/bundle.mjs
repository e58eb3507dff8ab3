import { isBuiltin } from "node:module";
import path from "node:path";
import * as esbuild from "esbuild";
import { builtinsByRequirePlugin } from "./builtins-by-require.mjs";
import { BuildError } from "./errors.mjs";
import { packageNameOf, resolvePackageDir } from "./node-modules.mjs";
import { sideEffectFreePlugin } from "./side-effect-free.mjs";
import { nodeTarget, packagesShippedAsFiles, unusedOptionalPackages } from "./target.mjs";

/*
 * ESM output needs `require` for the CommonJS dependencies esbuild bundles (their `require`
 * of Node built-ins stays a call at run time). The names are unusual so that no bundled
 * module can clash with them.
 */
const requireBanner =
  'import { createRequire as __shoeboxCreateRequire } from "node:module";' +
  "const require = __shoeboxCreateRequire(import.meta.url);";

/**
 * Bundles a function's src/handler.ts into `index.mjs` (`files`) and its source map
 * (`sourceMap`, or undefined with `sourcemap: false`), in memory. Everything is bundled (AWS
 * SDK v3 included, tree-shaken from its ES modules) except the packages shipped as files
 * (target.mjs), which are returned as `externalPackages` ({ name, dir }) for the zip, and
 * esbuild's `metafile`, which tells what went into the bundle.
 *
 * The map is not linked from the bundle (no `sourceMappingURL`): it ships beside the zip, not
 * in it (see function-zip.mjs). It leaves out `sourcesContent`, since a position is all a
 * trace needs and the sources are in git at the commit that was built; its paths are relative
 * to the repository root, so a trace maps to `packages/runtime/src/http.ts`.
 *
 * @example
 * const { files, sourceMap, externalPackages, metafile } = await bundleFunction({ repoRoot, fn });
 */
export const bundleFunction = async ({
  repoRoot,
  fn,
  minify = true,
  sourcemap = true,
  external = [...packagesShippedAsFiles, ...unusedOptionalPackages],
  plugins = [],
}) => {
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: repoRoot,
      entryPoints: { index: fn.entryPoint },
      outdir: repoRoot, // never written (write: false); makes source map paths repository-relative
      outExtension: { ".js": ".mjs" },
      bundle: true,
      write: false,
      platform: "node",
      target: nodeTarget,
      format: "esm",
      mainFields: ["module", "main"],
      minify,
      sourcemap: sourcemap ? "external" : false,
      sourcesContent: false,
      legalComments: "eof", // license notices of bundled code stay with it, at the end of the file
      external,
      plugins: [sideEffectFreePlugin(), builtinsByRequirePlugin(), ...plugins],
      banner: { js: requireBanner },
      metafile: true,
      logLevel: "silent",
    });
  } catch (error) {
    const messages = (error.errors ?? []).map((message) => formatMessage(message));
    const hint = messages.some((message) => message.includes("Could not resolve"))
      ? " (run pnpm install?)"
      : "";
    throw new BuildError(
      `functions/${fn.name}: esbuild failed${hint}\n${messages.join("\n") || error.message}`,
    );
  }

  const outputs = result.outputFiles.map((file) => ({
    path: path.relative(repoRoot, file.path).split(path.sep).join("/"),
    data: file.contents,
  }));
  const files = outputs.filter((file) => !file.path.endsWith(".map"));
  const sourceMap = outputs.find((file) => file.path.endsWith(".map"))?.data;
  // tools/ is what runs on a developer's machine only (the local stack, test support, the
  // AGPL policy evaluator): none of it may reach a zip.
  const tooling = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("tools/"));
  if (tooling.length > 0) {
    throw new BuildError(
      `functions/${fn.name}: the bundle imports tooling, which never ships to AWS: ${tooling.slice(0, 5).join(", ")}. Move what the function needs into packages/.`,
    );
  }
  const bundle = Object.values(result.metafile.outputs).find((output) => output.entryPoint);
  if (!bundle?.exports.includes("handler")) {
    throw new BuildError(`functions/${fn.name}: src/handler.ts does not export \`handler\``);
  }
  return {
    files,
    sourceMap,
    externalPackages: externalPackagesOf(repoRoot, result.metafile),
    metafile: result.metafile,
  };
};

/** The packages the bundle imports at run time (not Node built-ins), found from their importers. */
const externalPackagesOf = (repoRoot, metafile) => {
  const packages = new Map();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const imported of imports) {
      // "<runtime>": esbuild's own note that bundled code calls `require` (libheif-js does); no package.
      if (!imported.external || isBuiltin(imported.path) || imported.path === "<runtime>") continue;
      const name = packageNameOf(imported.path);
      if (unusedOptionalPackages.includes(name)) continue;
      const dir = resolvePackageDir(name, path.dirname(path.resolve(repoRoot, input)));
      if (!dir) throw new BuildError(`${input} imports ${name}, which is not installed: run pnpm install`);
      const known = packages.get(name);
      if (known && known.dir !== dir) {
        throw new BuildError(
          `two versions of ${name} are imported (${known.dir} and ${dir}); the zip can hold one`,
        );
      }
      packages.set(name, { name, dir });
    }
  }
  return [...packages.values()];
};

const formatMessage = ({ text, location }) =>
  location ? `  ${location.file}:${location.line}:${location.column}: ${text}` : `  ${text}`;
