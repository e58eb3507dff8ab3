import { isBuiltin } from "node:module";

/*
 * An ES module `import` of a Node built-in builds the built-in's ES module facade, which reads
 * every export of it; some exports are getters that load more. Node 22's node:http has such
 * getters for its fetch classes, so `import { request } from "node:http"` (the AWS SDK's HTTP
 * handler) loads undici, Node's whole fetch implementation, at every cold start: 15-30 ms,
 * where `require("node:http")` takes under 5. Bundled code reaches the built-ins through
 * `require` instead (the bundle's banner defines it), which reads an export only when used.
 */
const namespace = "builtin-by-require";

/**
 * An esbuild plugin turning `import ... from "<built-in>"` into a `require` of it.
 *
 * @example
 * await esbuild.build({ ..., plugins: [builtinsByRequirePlugin()] });
 */
export const builtinsByRequirePlugin = () => ({
  name: namespace,
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const isImport = args.kind === "import-statement" || args.kind === "dynamic-import";
      if (!isImport || !isBuiltin(args.path)) return undefined;
      return { path: args.path.startsWith("node:") ? args.path : `node:${args.path}`, namespace };
    });
    build.onLoad({ filter: /.*/, namespace }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
});
