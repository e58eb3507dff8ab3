import { randomBytes } from "node:crypto";
import { SfnLocalError, TaskFailure } from "./errors.ts";

/*
 * The callback pattern (`.waitForTaskToken`): a task hands out a token and waits until someone
 * answers with it (SendTaskSuccess, SendTaskFailure), keeping it alive with SendTaskHeartbeat.
 * The answers and refusals are Step Functions' own, so a caller tested here meets the same ones
 * on AWS: a token that never existed is InvalidToken; one whose task has ended (answered, timed
 * out, or its execution stopped) is TaskTimedOut ("Provided task does not exist anymore").
 */

/** SendTaskSuccess's output limit, as the API's length constraint: 256 KiB. */
const MAX_OUTPUT_BYTES = 262_144;

/** A refusal of SendTask*, by Step Functions' error code (the local API answers it as a 400). */
export class TaskTokenError extends SfnLocalError {
  readonly code: "InvalidToken" | "TaskTimedOut" | "InvalidOutput";
  constructor(code: TaskTokenError["code"], message: string) {
    super(message);
    this.name = "TaskTokenError";
    this.code = code;
  }
}

/** Where a token came from: its execution's end ends it. The token carries it, as AWS's do. */
export interface TokenOrigin {
  stateMachineArn: string;
  executionArn: string;
  stateName: string;
}

/** The longest delay one Node timer takes; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** setTimeout for any delay (a review may wait weeks): longer ones in steps. */
const after = (ms: number, run: () => void): { cancel: () => void } => {
  let timer: NodeJS.Timeout;
  const deadline = Date.now() + ms;
  const arm = () => {
    const left = deadline - Date.now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : run, Math.min(Math.max(left, 0), MAX_TIMER_MS));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
};

interface OpenTask {
  origin: TokenOrigin;
  resolve: (output: unknown) => void;
  reject: (failure: Error) => void;
  /** Restarts the heartbeat clock. */
  beat: () => void;
  close: () => void;
}

const encodeToken = (origin: TokenOrigin): string =>
  Buffer.from(JSON.stringify({ ...origin, nonce: randomBytes(48).toString("base64url") }), "utf8").toString(
    "base64url",
  );

/**
 * The open callback tasks of a runner, by token. A task opens with its heartbeat and timeout
 * (ms; undefined: none) and settles on the first of: an answer, a missed heartbeat
 * (States.HeartbeatTimeout), its timeout (States.Timeout), or `endAll` for its execution.
 *
 * @example
 * const { token, result } = tokens.open(origin, { heartbeatMs: 60_000 });
 * tokens.succeed(token, JSON.stringify({ approved: true })); // result resolves { approved: true }
 */
export class TaskTokens {
  private readonly tasks = new Map<string, OpenTask>();
  private readonly ended = new Set<string>();

  openTask(
    origin: TokenOrigin,
    limits: { heartbeatMs?: number; timeoutMs?: number },
  ): { token: string; result: Promise<unknown> } {
    const token = encodeToken(origin);
    let heartbeatTimer: { cancel: () => void } | undefined;
    let timeoutTimer: { cancel: () => void } | undefined;
    let resolve: (output: unknown) => void = () => {};
    let reject: (failure: Error) => void = () => {};
    const promise = new Promise<unknown>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    const close = () => {
      heartbeatTimer?.cancel();
      timeoutTimer?.cancel();
      this.tasks.delete(token);
      this.ended.add(token);
    };
    const failWith = (error: string, cause: string) => () => {
      close();
      reject(new TaskFailure(error, cause));
    };
    const beat = () => {
      if (limits.heartbeatMs === undefined) return;
      heartbeatTimer?.cancel();
      heartbeatTimer = after(
        limits.heartbeatMs,
        failWith("States.HeartbeatTimeout", `no heartbeat within ${limits.heartbeatMs / 1000} s`),
      );
    };
    if (limits.timeoutMs !== undefined) {
      timeoutTimer = after(
        limits.timeoutMs,
        failWith("States.Timeout", `not answered within ${limits.timeoutMs / 1000} s`),
      );
    }
    beat();
    this.tasks.set(token, {
      origin,
      resolve: (output) => {
        close();
        resolve(output);
      },
      reject: (failure) => {
        close();
        reject(failure);
      },
      beat,
      close,
    });
    return { token, result: promise };
  }

  /** SendTaskSuccess: `output` must be a JSON text of at most 256 KiB. */
  succeed(token: unknown, output: unknown): void {
    const task = this.task(token);
    if (typeof output !== "string" || Buffer.byteLength(output) > MAX_OUTPUT_BYTES)
      throw new TaskTokenError(
        "InvalidOutput",
        `output must be a JSON text of at most ${MAX_OUTPUT_BYTES} bytes`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      throw new TaskTokenError("InvalidOutput", `output is not JSON: ${(error as Error).message}`);
    }
    task.resolve(parsed);
  }

  /** SendTaskFailure: the task fails with this error name and cause, for the state's Retry and Catch. */
  fail(token: unknown, error?: unknown, cause?: unknown): void {
    this.task(token).reject(new TaskFailure(String(error ?? ""), String(cause ?? "")));
  }

  /** SendTaskHeartbeat. */
  heartbeat(token: unknown): void {
    this.task(token).beat();
  }

  /** Ends a task without an answer (its request failed): its token answers TaskTimedOut. */
  abandon(token: string): void {
    this.tasks.get(token)?.close();
  }

  /**
   * Ends the open tasks of an execution that stopped: their tokens answer TaskTimedOut from now
   * on. Each task's state is failed too, not left pending: the library's timer for the state's
   * TimeoutSeconds ends only when the state does, and would keep the process alive for weeks.
   */
  endAll(executionArn: string): void {
    for (const task of this.tasks.values()) {
      if (task.origin.executionArn === executionArn)
        task.reject(new TaskFailure("States.Runtime", "the execution stopped while the task waited"));
    }
  }

  private task(token: unknown): OpenTask {
    const task = typeof token === "string" ? this.tasks.get(token) : undefined;
    if (task) return task;
    if (typeof token === "string" && this.ended.has(token))
      throw new TaskTokenError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    throw new TaskTokenError("InvalidToken", "Invalid Token: 'Invalid token'");
  }
}
