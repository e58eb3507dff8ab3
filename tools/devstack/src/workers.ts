import { type ChildProcess, fork } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type MemoryWatch, watchMemory } from "./memory-watchdog.ts";
import type { FunctionConfig } from "./runtime-config.ts";
import { extractZip } from "./unzip.ts";

const workerScript = fileURLToPath(new URL("./worker.mjs", import.meta.url));

export interface InvokeError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

/** What Lambda's REPORT line says of an invocation. */
interface InvocationReport {
  durationMs: number;
  requestId: string;
  /** Peak resident memory of the environment during the invocation, in MB ("Max Memory Used"). */
  maxMemoryUsedMb?: number;
}

export type InvokeResult =
  | ({ ok: true; result: unknown } & InvocationReport)
  | ({ ok: false; error: InvokeError } & InvocationReport);

export interface FunctionLogLine {
  function: string;
  requestId?: string;
  stream: "stdout" | "stderr";
  line: string;
}

export interface FunctionPoolOptions {
  /** Key of the function in runtime_config.functions, e.g. `thumbnail`. */
  name: string;
  config: FunctionConfig;
  /** The deployment zip (already resolved to a readable path). */
  zipPath: string;
  /** Where the zip is unpacked (LAMBDA_TASK_ROOT). */
  codeDir: string;
  /** On top of Terraform's environment: the emulator endpoint, dummy credentials, region. */
  awsEnvironment: Record<string, string>;
  region: string;
  accountId: string;
  /** Most environments (processes) alive at once = most concurrent invocations. */
  maxConcurrency: number;
  onLog?: (line: FunctionLogLine) => void;
}

interface Environment {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
  /** Killed or exited: never handed another invocation. */
  dead: boolean;
  pending?: {
    id: string;
    resolve: (result: InvokeResult) => void;
    started: number;
    timer: NodeJS.Timeout;
    memory: MemoryWatch;
  };
}

const MB = 1024 * 1024;

/** Unpacks the zip unless the same zip was unpacked there before (keyed by its sha256). */
export const unpackFunction = async (
  zipPath: string,
  codeDir: string,
): Promise<{ unpacked: boolean; sha256: string }> => {
  const zip = readFileSync(zipPath);
  const sha256 = createHash("sha256").update(zip).digest("hex");
  const marker = join(codeDir, ".devstack-sha256");
  if (existsSync(marker) && readFileSync(marker, "utf8") === sha256) return { unpacked: false, sha256 };
  await extractZip(zip, codeDir);
  writeFileSync(marker, sha256);
  return { unpacked: true, sha256 };
};

/**
 * The execution environments of one function: each a child process running the function's
 * built code with Terraform's environment, one invocation at a time as on Lambda, started on
 * demand up to `maxConcurrency`, killed when an invocation outlives the function's timeout or
 * its resident memory (native included) passes the function's memory size, as Lambda does.
 */
export class FunctionPool {
  readonly name: string;
  readonly functionName: string;
  readonly functionArn: string;
  private readonly options: FunctionPoolOptions;
  private readonly environments = new Set<Environment>();
  private readonly waiting: Array<() => void> = [];
  private stopping = false;

  constructor(options: FunctionPoolOptions) {
    this.options = options;
    this.name = options.name;
    this.functionName = options.config.function_name;
    this.functionArn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${this.functionName}`;
  }

  async prepare(): Promise<void> {
    await unpackFunction(this.options.zipPath, this.options.codeDir);
  }

  /** Environment variables of an environment: Lambda's reserved ones, Terraform's, then the emulator's. */
  environment(): Record<string, string> {
    const { config, region } = this.options;
    return {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      LANG: "en_US.UTF-8",
      TZ: ":UTC",
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
      LAMBDA_TASK_ROOT: this.options.codeDir,
      LAMBDA_RUNTIME_DIR: this.options.codeDir,
      _HANDLER: config.handler,
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_LAMBDA_FUNCTION_NAME: config.function_name,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memory_size),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.function_name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomUUID().replaceAll("-", "")}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      NODE_PATH: `${this.options.codeDir}/node_modules`,
      ...config.environment,
      ...this.options.awsEnvironment,
    };
  }

  private spawn(): Environment {
    const child = fork(workerScript, [], {
      cwd: this.options.codeDir,
      env: this.environment(),
      execArgv: [`--max-old-space-size=${Math.max(128, Math.floor(this.options.config.memory_size * 0.9))}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    const environment: Environment = { child, busy: false, dead: false, ready: Promise.resolve() };
    for (const stream of ["stdout", "stderr"] as const) {
      const source = child[stream];
      if (!source) continue;
      createInterface({ input: source }).on("line", (line) =>
        this.options.onLog?.({ function: this.name, stream, line, requestId: environment.pending?.id }),
      );
    }
    environment.ready = new Promise<void>((resolve, reject) => {
      child.on(
        "message",
        (message: { type: string; id?: string; ok?: boolean; result?: unknown; error?: InvokeError }) => {
          if (message.type === "ready") resolve();
          else if (message.type === "init-error")
            reject(Object.assign(new Error(message.error?.errorMessage), { detail: message.error }));
          else if (
            message.type === "result" &&
            environment.pending &&
            message.id === environment.pending.id
          ) {
            this.finish(
              environment,
              message.ok
                ? { ok: true, result: message.result }
                : { ok: false, error: message.error as InvokeError },
            );
          }
        },
      );
      child.on("exit", (code, signal) => {
        environment.dead = true;
        this.environments.delete(environment);
        this.waiting.shift()?.();
        reject(new Error(`the environment exited during init (${signal ?? `code ${code}`})`));
        if (environment.pending) {
          this.finish(environment, {
            ok: false,
            error: {
              errorType: "Runtime.ExitError",
              errorMessage: `RequestId: ${environment.pending.id} Error: Runtime exited ${signal ? `with signal ${signal}` : `with error: exit status ${code}`}`,
            },
          });
        }
      });
    });
    environment.ready.catch(() => {});
    this.environments.add(environment);
    return environment;
  }

  private finish(
    environment: Environment,
    outcome: { ok: true; result: unknown } | { ok: false; error: InvokeError },
  ): void {
    const pending = environment.pending;
    if (!pending) return;
    environment.pending = undefined;
    clearTimeout(pending.timer);
    pending.memory.stop();
    const durationMs = Date.now() - pending.started;
    const maxMemoryUsedMb = Math.ceil(pending.memory.peakBytes / MB);
    pending.resolve({ ...outcome, durationMs, requestId: pending.id, maxMemoryUsedMb });
    environment.busy = false;
    this.waiting.shift()?.();
  }

  private async acquire(): Promise<Environment> {
    for (;;) {
      if (this.stopping) throw new Error(`${this.name} is shutting down`);
      for (const environment of this.environments) {
        if (!environment.busy && !environment.dead) {
          environment.busy = true;
          return environment;
        }
      }
      if (this.environments.size < this.options.maxConcurrency) {
        const environment = this.spawn();
        environment.busy = true;
        return environment;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Invokes the function once; never throws: failures come back as `{ ok: false }` like an Invoke's FunctionError. */
  async invoke(event: unknown): Promise<InvokeResult> {
    const requestId = randomUUID();
    const started = Date.now();
    let environment: Environment;
    try {
      environment = await this.acquire();
    } catch (error) {
      return {
        ok: false,
        error: { errorType: "ServiceException", errorMessage: (error as Error).message },
        durationMs: 0,
        requestId,
      };
    }
    try {
      await environment.ready;
    } catch (error) {
      const detail = (error as { detail?: InvokeError }).detail;
      environment.busy = false;
      this.waiting.shift()?.();
      return {
        ok: false,
        error: detail ?? { errorType: "Runtime.InitError", errorMessage: (error as Error).message },
        durationMs: Date.now() - started,
        requestId,
      };
    }
    const timeoutMs = this.options.config.timeout * 1000;
    return new Promise<InvokeResult>((resolve) => {
      const timer = setTimeout(() => {
        this.finish(environment, {
          ok: false,
          error: {
            errorType: "Sandbox.Timedout",
            errorMessage: `Task timed out after ${this.options.config.timeout.toFixed(2)} seconds`,
          },
        });
        // Lambda throws away an environment whose invocation timed out.
        environment.dead = true;
        environment.child.kill("SIGKILL");
      }, timeoutMs);
      // Lambda kills an environment whose memory passes the configured size; the invocation
      // fails, and an SQS batch in it returns to the queue whole.
      const memory = watchMemory(
        environment.child.pid ?? 0,
        this.options.config.memory_size * MB,
        (bytes) => {
          this.finish(environment, {
            ok: false,
            error: {
              errorType: "Runtime.OutOfMemory",
              errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed (resident memory ${Math.ceil(bytes / MB)} MB > ${this.options.config.memory_size} MB)`,
            },
          });
          environment.dead = true;
          environment.child.kill("SIGKILL");
        },
      );
      environment.pending = { id: requestId, resolve, started, timer, memory };
      environment.child.send(
        {
          type: "invoke",
          id: requestId,
          requestId,
          event,
          deadline: Date.now() + timeoutMs,
          functionArn: this.functionArn,
        },
        (error) => {
          if (!error) return;
          environment.dead = true;
          this.finish(environment, {
            ok: false,
            error: {
              errorType: "Runtime.ExitError",
              errorMessage: `the environment is gone: ${error.message}`,
            },
          });
          environment.child.kill("SIGKILL");
        },
      );
    });
  }

  get size(): number {
    return this.environments.size;
  }

  /** Lets running invocations finish (up to `graceMs`), then ends every environment. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    for (const wake of this.waiting.splice(0)) wake();
    const deadline = Date.now() + graceMs;
    while ([...this.environments].some((environment) => environment.pending) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(
      [...this.environments].map(
        (environment) =>
          new Promise<void>((resolve) => {
            const { child } = environment;
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 2000).unref();
          }),
      ),
    );
  }
}
