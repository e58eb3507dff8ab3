import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface MotoServer {
  endpoint: string;
  port: number;
  /** The fixes tools/testing/moto/patches.py applied to this server, one line each. */
  patches: string[];
  /** Forgets every resource: each test file can start from an empty account. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The moto server of the project's virtualenv (pinned in requirements-dev.txt), started through
 * tools/testing/moto/server.py so that the project's fixes to moto are in place; unpatched,
 * the released `moto_server`.
 */
const motoServerCommand = (patched = true): string[] => {
  const bin = join(repoRoot, ".venv", "bin");
  if (!existsSync(join(bin, "moto_server"))) {
    throw new Error(
      `moto is not installed in ${join(repoRoot, ".venv")}: run \`make setup\` (or scripts/bootstrap.sh) first`,
    );
  }
  return patched
    ? [join(bin, "python"), join(repoRoot, "tools", "testing", "moto", "server.py")]
    : [join(bin, "moto_server")];
};

const PATCH_LINE = /^shoebox: moto patched: (.*)$/gm;

const waitUntilUp = async (endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
};

/**
 * Starts a moto server on a free local port. AWS SDK clients reach it through AWS_ENDPOINT_URL.
 *
 * @example
 * const moto = await startMoto();
 * process.env.AWS_ENDPOINT_URL = moto.endpoint;
 */
export const startMoto = async (
  options: {
    env?: NodeJS.ProcessEnv;
    /** false: moto as released, without patches.py (for bench/moto-patches.mjs). */
    patched?: boolean;
  } = {},
): Promise<MotoServer> => {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const [command, ...args] = motoServerCommand(options.patched) as [string, ...string[]];
  const child = spawn(command, [...args, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true", ...options.env },
  });
  // The head holds the patch lines server.py prints first; the tail, the cause of a failed start.
  let head = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (head.length < 4000) head += chunk.toString();
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitUntilUp(endpoint, child, 30_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    port,
    patches: [...head.matchAll(PATCH_LINE)].map((match) => match[1] as string),
    reset: () => resetMoto(endpoint),
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
};

/** Forgets every resource of the moto server at `endpoint`. */
export const resetMoto = async (endpoint: string): Promise<void> => {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  await response.body?.cancel();
};

/** What a snapshot of a moto server depends on: moto's and Python's versions, our code around moto. */
export interface MotoEmulator {
  moto: string;
  python: string;
  /** sha256 of tools/testing/moto/{patches,server,snapshot}.py */
  code: string;
}

const SNAPSHOT_PATH = "/moto-api/shoebox/snapshot";

const failure = async (response: Response, what: string): Promise<Error> => {
  const body = await response.text();
  let message = body;
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    // not JSON: moto's own error page
  }
  return new Error(`${what} failed (${response.status}): ${message.slice(0, 500)}`);
};

/**
 * The emulator at `endpoint` as its snapshots depend on it; undefined when it takes no snapshots
 * (moto as released, or another server).
 */
export const motoEmulator = async (endpoint: string): Promise<MotoEmulator | undefined> => {
  const response = await fetch(`${endpoint}${SNAPSHOT_PATH}/emulator`);
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  return (await response.json()) as MotoEmulator;
};

/** Values that differ from one server or start to the next (the server's host:port), by name. */
export type SnapshotValues = Record<string, string>;

/**
 * Everything the moto server at `endpoint` holds, as bytes (tools/testing/moto/snapshot.py);
 * nothing may change it meanwhile. Each string that contains one of `values` is kept as a
 * template that a restore fills with its own values.
 */
export const snapshotMoto = async (
  endpoint: string,
  values: SnapshotValues = {},
): Promise<Buffer<ArrayBuffer>> => {
  const response = await fetch(`${endpoint}${SNAPSHOT_PATH}`, {
    method: "POST",
    body: JSON.stringify({ values }),
    headers: { "content-type": "application/json" },
  });
  if (!response.ok) throw await failure(response, "moto snapshot");
  return Buffer.from(await response.arrayBuffer());
};

/**
 * Replaces everything the moto server at `endpoint` holds with a snapshot of a server of the same
 * MotoEmulator, with this start's `values` (by the snapshot's names) in its strings; returns the
 * services restored.
 */
export const restoreMoto = async (
  endpoint: string,
  snapshot: Uint8Array<ArrayBuffer>,
  values: SnapshotValues = {},
): Promise<string[]> => {
  const head = Buffer.from(`${JSON.stringify({ values })}\n`);
  const response = await fetch(`${endpoint}${SNAPSHOT_PATH}`, {
    method: "PUT",
    body: Buffer.concat([head, snapshot]),
    headers: { "content-type": "application/octet-stream" },
  });
  if (!response.ok) throw await failure(response, "moto restore");
  return ((await response.json()) as { services: string[] }).services;
};

/** Points the AWS SDK of this process at a local emulator, with throwaway credentials. */
export const useLocalAws = (endpoint: string): void => {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  process.env.S3_FORCE_PATH_STYLE = "true";
};
