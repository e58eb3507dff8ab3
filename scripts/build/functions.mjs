import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BuildError } from "./errors.mjs";

/** The folder holding one package per Lambda function. */
export const functionsDir = (repoRoot) => path.join(repoRoot, "functions");

/**
 * Every function package: a folder under functions/ with a package.json, sorted by name.
 * The function's name is its folder's name (the Terraform name of the function).
 */
export const listFunctions = (repoRoot) => {
  const root = functionsDir(repoRoot);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, "package.json")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      return {
        name,
        dir,
        packageJson: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")),
        entryPoint: path.join(dir, "src", "handler.ts"),
      };
    });
};

/** Fails with a clear message when a function package has no src/handler.ts. */
export const assertEntryPoint = (fn) => {
  if (!existsSync(fn.entryPoint)) {
    throw new BuildError(`functions/${fn.name}: src/handler.ts is missing (it must export \`handler\`)`);
  }
};
