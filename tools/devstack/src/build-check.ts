import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./provision.ts";

const SKIP = new Set(["node_modules", "tests", "dist", ".turbo", "coverage"]);

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (SKIP.has(entry) || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
};

/** Why dist/ must be rebuilt before the stack can run, or undefined when it is current. */
export const staleReason = (manifest = join(repoRoot, "dist", "manifest.json")): string | undefined => {
  if (!existsSync(manifest)) return "dist/manifest.json is missing";
  const built = statSync(manifest).mtimeMs;
  const functions = readdirSync(join(repoRoot, "functions")).filter((name) =>
    existsSync(join(repoRoot, "functions", name, "package.json")),
  );
  const listed = Object.keys(
    (JSON.parse(readFileSync(manifest, "utf8")) as { functions?: Record<string, unknown> }).functions ?? {},
  );
  const missing = functions.filter((name) => !listed.includes(name));
  if (missing.length > 0) return `dist/manifest.json lacks ${missing.join(", ")}`;
  const sources = [
    ...functions.map((name) => join(repoRoot, "functions", name)),
    join(repoRoot, "packages", "runtime"),
    join(repoRoot, "packages", "schemas"),
    join(repoRoot, "pnpm-lock.yaml"),
    join(repoRoot, "scripts", "build.mjs"),
    join(repoRoot, "scripts", "build"),
  ];
  const newer = sources.find((source) => newestMtime(source) > built);
  return newer ? `${newer.slice(repoRoot.length + 1)} changed since the last build` : undefined;
};

/** Runs `node scripts/build.mjs` when dist/ is missing or older than the sources. */
export const ensureBuilt = (write: (line: string) => void = console.log): void => {
  const reason = staleReason();
  if (!reason) return;
  write(`[build] ${reason}: node scripts/build.mjs`);
  const result = spawnSync(process.execPath, [join(repoRoot, "scripts", "build.mjs")], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("the build failed: fix it, then run again");
};
