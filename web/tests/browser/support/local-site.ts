import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { EventsLog, repoRoot, type Stack, startStack } from "@shoebox/devstack";

export const webDir = join(repoRoot, "web");

/** Builds the app as CloudFront would serve it (a few seconds of Vite). */
export const buildWebApp = (): void => {
  const built = spawnSync(join(webDir, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], {
    cwd: webDir,
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("vite build failed");
};

/**
 * One local stack for every browser test, with the freshly built app on it. Its own work folder,
 * so a `make dev` or the devstack's end-to-end test running beside it keeps its Terraform state.
 * `variables`: Terraform variables of the file's own (e.g. a review limit that sends a receipt
 * to review).
 */
export const startSite = (variables: Record<string, unknown> = {}): Promise<Stack> =>
  startStack({
    variables,
    log: new EventsLog({ write: () => {}, level: "warn" }),
    waitTimeSeconds: 5,
    workDir: join(repoRoot, ".local", "web-e2e", "terraform"),
    webRoot: join(webDir, "dist"),
  });
