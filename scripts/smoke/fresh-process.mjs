import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const invokeScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "invoke.mjs");
/** Preloaded into the child (and its worker threads): no network beyond this machine (offline.mjs). */
const offlineGuard = path.join(path.dirname(fileURLToPath(import.meta.url)), "offline.mjs");

/** How a line of the child's stderr starts when offline.mjs refused it the network. */
export const OFFLINE_REFUSAL = "offline: refused";
const refusalLines = (output) => output.split("\n").filter((line) => line.startsWith(OFFLINE_REFUSAL));

/** The Node major Lambda runs (nodejs22.x); a child of another major proves nothing. */
export const lambdaNodeMajor = 22;

export const assertLambdaNode = () => {
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== lambdaNodeMajor) {
    throw new Error(
      `this is Node ${process.versions.node}; functions run on Node ${lambdaNodeMajor} (nodejs22.x): ` +
        "put /work/main/.tools/node_modules/.bin first on PATH",
    );
  }
};

/**
 * What a function sees on Lambda, minus real AWS: a region, dummy credentials and an endpoint
 * where nothing listens (127.0.0.1:9, the discard port), so any AWS call fails fast instead of
 * reaching an account. `extra` (smoke.json's env) is added last.
 */
export const lambdaLikeEnv = (functionName, extra = {}) => ({
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "smoke-test-dummy-secret",
  AWS_SESSION_TOKEN: "smoke-test-dummy-token",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_LAMBDA_FUNCTION_NAME: functionName,
  AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
  LANG: "en_US.UTF-8",
  TZ: ":UTC",
  ...extra,
});

/**
 * Imports `<taskDir>/index.mjs` in a new Node process (this Node's binary, --enable-source-maps)
 * and calls its handler once. Resolves to { stage, loadMs, invokeMs, wallMs, result | error,
 * output, networkRefusals }; `stage` is "done" when the handler answered, "invoke" when it threw,
 * "loaded" when it did not answer in time, "load" when index.mjs did not load, "crash" when the
 * process died. The child has no network beyond this machine (offline.mjs): `networkRefusals`
 * lists every connection or DNS lookup it tried anyway.
 *
 * @example
 * const run = await invokeInFreshProcess({ taskDir, functionName: "thumbnail", event, env });
 */
export const invokeInFreshProcess = async ({
  taskDir,
  functionName,
  event,
  env,
  timeoutMs = 30_000,
  nodeOptions = ["--enable-source-maps"],
}) => {
  const execArgv = [...nodeOptions, "--import", pathToFileURL(offlineGuard).href];
  const workDir = await mkdtemp(path.join(tmpdir(), "shoebox-invoke-"));
  const requestFile = path.join(workDir, "request.json");
  const resultFile = path.join(workDir, "result.json");
  await writeFile(requestFile, JSON.stringify({ functionName, event, timeoutMs }));
  const started = performance.now();
  try {
    const { code, signal, output, timedOut } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...execArgv, invokeScript, taskDir, requestFile, resultFile], {
        cwd: taskDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const keep = (chunk) => {
        if (output.length < 64 * 1024) output += chunk;
      };
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs + 2_000);
      child.on("error", reject);
      child.on("close", (exitCode, exitSignal) => {
        clearTimeout(timer);
        resolve({ code: exitCode, signal: exitSignal, output, timedOut });
      });
    });
    const wallMs = performance.now() - started;
    const networkRefusals = refusalLines(output);
    const outcome = await readFile(resultFile, "utf8").then(JSON.parse, () => undefined);
    if (outcome?.stage === "loaded") {
      return {
        ...outcome,
        error: `the handler did not answer within ${timeoutMs} ms\n${output.trim()}`,
        wallMs,
        output,
        networkRefusals,
      };
    }
    if (!outcome) {
      const why = timedOut
        ? `timed out after ${timeoutMs} ms`
        : `the process exited (${signal ?? `code ${code}`}) before answering`;
      return { stage: "crash", error: `${why}\n${output.trim()}`, wallMs, output, networkRefusals };
    }
    return { ...outcome, wallMs, output, networkRefusals };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};
