import path from "node:path";
import { fileURLToPath } from "node:url";
import { EventsLog, ensureBuilt, startStack } from "@shoebox/devstack";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The local stack for a benchmark: dist/ built first if stale, warnings only in the output, and
 * a Terraform copy of its own (.local/bench-<name>), so a benchmark never shares state with
 * `make dev` or another benchmark running at the same time.
 */
export const startBenchStack = async (name, say) => {
  ensureBuilt((line) => say(line));
  say("starting the local stack");
  return startStack({
    log: new EventsLog({ level: "warn" }),
    workDir: path.join(repoRoot, ".local", `bench-${name}`, "terraform"),
  });
};
