import { writeFile } from "node:fs/promises";
import path from "node:path";
import { awsActionsOf } from "./aws-actions.mjs";
import { awsCommandsIn } from "./aws-commands.mjs";
import { bundleFunction } from "./bundle.mjs";
import { bundleWarnings } from "./bundle-warnings.mjs";
import { assertEntryPoint } from "./functions.mjs";
import { sourceMapFileOf } from "./manifest.mjs";
import { layOutPackages, packageFiles } from "./node-modules.mjs";
import { writeDeterministicZip } from "./zip.mjs";

/**
 * Builds one function's zip: the bundle at the root, and the native packages it imports (with
 * their runtime dependencies and the target's native binaries) as real files in node_modules/.
 * Also tells which AWS commands the bundle can send and the IAM actions they need.
 *
 * The bundle's source map is written beside the zip (`<distDir>/<name>.mjs.map`), not into it:
 * in the zip it was more than half of the bytes to unzip, and with --enable-source-maps Node read
 * and parsed it at every cold start, for traces that `node scripts/symbolicate.mjs` maps just
 * as well from a logged stack, offline.
 *
 * @example
 * const built = await buildFunctionZip({ repoRoot, distDir, fn, target });
 * // { name: "thumbnail", bytes: 9123456, sha256Base64: "...", packages: ["sharp", ...],
 * //   awsCommands: ["DynamoDB:GetItem", ...], awsActions: { required, oneOf, optional },
 * //   clientCommands: [{ command: "S3:CreateSession", sentByClient: "..." }], warnings: [] }
 */
export const buildFunctionZip = async ({ repoRoot, distDir, fn, target }) => {
  const started = performance.now();
  assertEntryPoint(fn);
  const { files, sourceMap, externalPackages, metafile } = await bundleFunction({ repoRoot, fn });
  const commands = awsCommandsIn(metafile);
  const packages = layOutPackages(externalPackages, target);
  const entries = [...files, ...packages.flatMap((pkg) => packageFiles(pkg))];
  const zip = await writeDeterministicZip(path.join(distDir, `${fn.name}.zip`), entries);
  await writeFile(path.join(distDir, sourceMapFileOf(fn.name)), sourceMap);
  return {
    name: fn.name,
    ...zip,
    packages: packages.map((pkg) => pkg.name),
    ...awsActionsOf(commands),
    clientCommands: commands.filter((command) => command.sentByClient),
    warnings: bundleWarnings({ repoRoot, metafile }),
    ms: Math.round(performance.now() - started),
  };
};
