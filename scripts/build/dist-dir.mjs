import path from "node:path";
import { BuildError } from "./errors.mjs";

/**
 * The folder the build writes its zips and manifest to, and the smoke test and the benchmark
 * read them from: `--out <dir>` (or `--out=<dir>`), else `SHOEBOX_DIST_DIR`, else `<repo>/dist`.
 * Another folder lets an experiment build without replacing the zips others are using.
 *
 * @example
 * distDirFrom({ repoRoot, argv: ["--out", "/tmp/cold-dist"] }) // "/tmp/cold-dist"
 */
export const distDirFrom = ({ repoRoot, argv = process.argv.slice(2), env = process.env }) => {
  const flag = argv.findIndex((arg) => arg === "--out" || arg.startsWith("--out="));
  const fromFlag =
    flag === -1 ? undefined : argv[flag].startsWith("--out=") ? argv[flag].slice(6) : argv[flag + 1];
  if (flag !== -1 && !fromFlag) throw new BuildError("--out needs a folder: --out <dir>");
  const chosen = fromFlag ?? (env.SHOEBOX_DIST_DIR || undefined);
  return chosen ? path.resolve(chosen) : path.join(repoRoot, "dist");
};

/** How to name a file of `distDir` in a message: relative to the repository when inside it. */
export const describeDistPath = (repoRoot, distDir, file) => {
  const full = path.join(distDir, file);
  const relative = path.relative(repoRoot, full);
  return relative.startsWith("..") || path.isAbsolute(relative) ? full : relative;
};
