#!/usr/bin/env node
/*
 * The delivery agent from a checkout of the repository, on Node 22, with no build step (what
 * customers install is the single-file build, `make agent`):
 *
 *   DATABASE_URL=postgres://... node packages/delivery-agent/bin/delivery-agent.mjs --queue-url URL
 *
 * The sources are TypeScript; the shared packages use syntax that Node's default type
 * stripping refuses (constructor parameter properties), so this file runs them under
 * --experimental-transform-types, re-executing itself once with that flag when it is missing.
 * Signals are passed on, so SIGTERM still means "finish the write in progress, then stop".
 */
import { spawn } from "node:child_process";

if (process.features.typescript === "transform") {
  await import("../src/bin.ts");
} else {
  const child = spawn(
    process.execPath,
    ["--experimental-transform-types", "--disable-warning=ExperimentalWarning", ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 128 : 1);
  });
}
