/*
 * Packages whose modules have no side effects at load time but whose package.json does not say
 * so ("sideEffects": false). esbuild then keeps every module of theirs that anything imports,
 * even when nothing uses it: @aws-sdk/lib-dynamodb's paginators (`paginateQuery = createPaginator(...)`
 * at the top level) kept QueryCommand and ScanCommand, and with them the whole DynamoDB client,
 * in every bundle that imports @shoebox/runtime, so the bundle seemed to send commands its code
 * never sends. Marking them side-effect free lets esbuild drop what is unused.
 */
export const sideEffectFreePackages = ["@aws-sdk/lib-dynamodb"];

const packageDir = (name) => new RegExp(`[\\\\/]node_modules[\\\\/]${name.replace("/", "[\\\\/]")}[\\\\/]`);

/**
 * An esbuild plugin marking every module of `packages` as free of side effects.
 *
 * @example
 * await esbuild.build({ ..., plugins: [sideEffectFreePlugin()] });
 */
export const sideEffectFreePlugin = (packages = sideEffectFreePackages) => {
  const dirs = packages.map(packageDir);
  const inPackage = (file) => dirs.some((dir) => dir.test(file));
  return {
    name: "side-effect-free",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.sideEffectFree) return undefined; // our own resolve below
        const mayBeInPackage =
          packages.some((name) => args.path.startsWith(name)) || inPackage(args.importer);
        if (!mayBeInPackage) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { sideEffectFree: true },
        });
        if (resolved.errors.length > 0 || !inPackage(resolved.path)) return undefined;
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
};
