import { readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { compareStrings } from "./node-modules.mjs";
import { lambdaHandler, lambdaRuntime } from "./target.mjs";

export const manifestFile = "manifest.json";

/** The source map of a function's bundle, beside its zip in dist/ (it is not in the zip). */
export const sourceMapFileOf = (functionName) => `${functionName}.mjs.map`;

/** JSON with every object's keys sorted, so the manifest only changes when its content does. */
export const stableStringify = (value) => `${JSON.stringify(sortKeys(value), null, 2)}\n`;

const sortKeys = (value) => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort(compareStrings)
        .map((key) => [key, sortKeys(value[key])]),
    );
  }
  return value;
};

/**
 * The manifest Terraform reads: one entry per function, `file` relative to dist/, `sha256` in
 * the base64 form of `source_code_hash`, and the AWS commands its bundle can send with the IAM
 * actions they need (`awsCommands`, `awsActions`; see aws-actions.mjs), for tests of its role.
 *
 * @example
 * buildManifest("arm64", [{ name: "thumbnail", bytes: 9123456, sha256Base64: "q1w2..." }])
 */
export const buildManifest = (architecture, builtFunctions) => ({
  runtime: lambdaRuntime,
  architecture,
  functions: Object.fromEntries(
    builtFunctions.map((built) => [
      built.name,
      {
        name: built.name,
        file: `${built.name}.zip`,
        handler: lambdaHandler,
        runtime: lambdaRuntime,
        architecture,
        bytes: built.bytes,
        sha256: built.sha256Base64,
        awsCommands: built.awsCommands,
        awsActions: built.awsActions,
      },
    ]),
  ),
});

export const writeManifest = async (distDir, manifest) => {
  const target = path.join(distDir, manifestFile);
  await writeFile(`${target}.tmp`, stableStringify(manifest));
  await rename(`${target}.tmp`, target);
};

/** Removes zips and maps (and leftovers of interrupted builds) of functions that no longer exist. */
export const removeStaleArtifacts = async (distDir, functionNames) => {
  const current = new Set(functionNames.flatMap((name) => [`${name}.zip`, sourceMapFileOf(name)]));
  const removed = [];
  for (const file of await readdir(distDir)) {
    const artifact = file.endsWith(".zip") || file.endsWith(".mjs.map");
    const stale = (artifact && !current.has(file)) || file.endsWith(".zip.tmp");
    if (stale) {
      await rm(path.join(distDir, file), { force: true });
      removed.push(file);
    }
  }
  return removed;
};
