import { pathToFileURL } from "node:url";

/**
 * An esbuild plugin for the benchmarks that bundle our TypeScript (Node's type stripping cannot
 * run @shoebox/runtime: parameter properties): every npm package stays an import of the file
 * it resolves to from the importing package, so the benchmark runs the very same sharp,
 * tesseract.js or pg as that package's tests, not a second bundled copy.
 */
export const npmPackagesAsImports = {
  name: "npm-packages-as-imports",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@shoebox/") || args.path.startsWith("node:") || args.pluginData)
        return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: true,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};
