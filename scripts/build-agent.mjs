#!/usr/bin/env node
// Builds the delivery agent customers install, dist/agent/shoebox-delivery-agent-<version>/:
// bin/shoebox-delivery-agent.mjs, one file that runs on Node 22 with nothing installed (the AWS
// SDK, pg and our packages bundled), the schema migrations it applies (migrations/*.sql, read
// from beside the bin as in the source tree), the README, and a .tar.gz of the folder with its
// SHA-256. Usage: node scripts/build-agent.mjs (make agent).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { nodeTarget } from "./build/target.mjs";

const repoRoot = path.resolve(import.meta.dirname, "..");
const agentDir = path.join(repoRoot, "packages", "delivery-agent");
const { version } = JSON.parse(readFileSync(path.join(agentDir, "package.json"), "utf8"));
const name = `shoebox-delivery-agent-${version}`;
const outDir = path.join(repoRoot, "dist", "agent", name);
const outFile = path.join(outDir, "bin", "shoebox-delivery-agent.mjs");

const result = await esbuild.build({
  absWorkingDir: repoRoot,
  entryPoints: [path.join(agentDir, "src", "bin.ts")],
  bundle: true,
  write: false,
  platform: "node",
  target: nodeTarget,
  format: "esm",
  mainFields: ["module", "main"],
  minify: true,
  legalComments: "eof",
  // pg loads its native binding only when asked (pg.native); the agent never asks.
  external: ["pg-native"],
  // pg and parts of the SDK are CommonJS: their require of Node built-ins needs a require.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __agentCreateRequire } from "node:module";const require = __agentCreateRequire(import.meta.url);',
  },
  metafile: true,
  logLevel: "warning",
});
const tooling = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("tools/"));
if (tooling.length > 0)
  throw new Error(`the agent imports tooling, which never ships: ${tooling.join(", ")}`);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, result.outputFiles[0].contents, { mode: 0o755 });
cpSync(path.join(repoRoot, "packages", "pg-delivery", "migrations"), path.join(outDir, "migrations"), {
  recursive: true,
});
cpSync(path.join(agentDir, "README.md"), path.join(outDir, "README.md"));

// Fixed owner, mode and times, so the same sources give the same archive.
const archive = path.join(path.dirname(outDir), `${name}.tar.gz`);
execFileSync("tar", [
  "--sort=name",
  "--owner=0",
  "--group=0",
  "--numeric-owner",
  "--mtime=1980-01-01 00:00Z",
  "--use-compress-program=gzip -n",
  "-cf",
  archive,
  "-C",
  path.dirname(outDir),
  name,
]);
const sha256 = createHash("sha256").update(readFileSync(archive)).digest("hex");
writeFileSync(`${archive}.sha256`, `${sha256}  ${path.basename(archive)}\n`);
console.log(
  `agent: ${path.relative(repoRoot, archive)} (${(readFileSync(archive).length / 1024).toFixed(0)} KiB, sha256 ${sha256.slice(0, 12)}...), unpacked in ${path.relative(repoRoot, outDir)}/`,
);
