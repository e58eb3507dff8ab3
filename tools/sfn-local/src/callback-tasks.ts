import { SfnLocalError } from "./errors.ts";
import type { AslState, StateMachineDefinition } from "./render.ts";
import { allStates } from "./task-states.ts";
import type { TaskTokens, TokenOrigin } from "./task-tokens.ts";

/*
 * Tasks of the callback pattern (`<resource>.waitForTaskToken`) on aws-local-stepfunctions. The
 * library knows neither task tokens nor heartbeats, and it evaluates TimeoutSecondsPath against
 * the task's Parameters where Step Functions reads the state input. So the runner gives the
 * library a copy of the definition in which each callback task keeps its Parameters plus one
 * field that carries the state input through, and no timeouts of its own; the handler here
 * evaluates HeartbeatSeconds(Path) and TimeoutSeconds(Path) on that input, opens a token, sends
 * the request with the token in place of `$$.Task.Token`, and waits for the answer.
 */

export const CALLBACK_SUFFIX = ".waitForTaskToken";

/** What `$$.Task.Token` reads in the context object; each callback task replaces it with a fresh token. */
export const TASK_TOKEN_PLACEHOLDER = "sfn-local:task-token";

/** The field of the library's Parameters that carries the state input to the handler. */
const STATE_INPUT_FIELD = "sfn-local:state-input";

/**
 * The library's own task timeout (60 s by default) must never fire first: the longest a Node
 * timer takes (2^31-1 ms, 24.8 days), longer than any local run.
 */
const NO_LIBRARY_TIMEOUT_SECONDS = 2_147_483;

export const isCallbackResource = (resource: string): boolean => resource.endsWith(CALLBACK_SUFFIX);

/** The definition as the library runs it: each callback task's timeouts left to the handler. */
export const forLibrary = (definition: StateMachineDefinition): StateMachineDefinition => {
  const copy = structuredClone(definition);
  for (const state of allStates(copy).values()) {
    if (state.Type !== "Task" || !isCallbackResource(String(state.Resource))) continue;
    delete state.TimeoutSecondsPath;
    delete state.HeartbeatSeconds;
    delete state.HeartbeatSecondsPath;
    state.TimeoutSeconds = NO_LIBRARY_TIMEOUT_SECONDS;
    if (state.Parameters) state.Parameters = { ...state.Parameters, [`${STATE_INPUT_FIELD}.$`]: "$" };
  }
  return copy;
};

/** `$.a.b` against a JSON value: the reference paths timeouts use (no filters, no wildcards). */
const readPath = (path: string, input: unknown): unknown => {
  if (!/^\$(\.[A-Za-z0-9_-]+)*$/.test(path))
    throw new SfnLocalError(`only plain reference paths ($.a.b) are supported for timeouts, not ${path}`);
  return path
    .split(".")
    .slice(1)
    .reduce<unknown>((value, field) => (value as Record<string, unknown> | undefined)?.[field], input);
};

const secondsOf = (
  state: AslState,
  field: "TimeoutSeconds" | "HeartbeatSeconds",
  stateInput: unknown,
): number | undefined => {
  const path = state[`${field}Path`];
  const seconds = typeof path === "string" ? readPath(path, stateInput) : state[field];
  if (seconds === undefined) return undefined;
  if (!Number.isInteger(seconds) || (seconds as number) < 1) {
    // What Step Functions does with a path that does not select a positive integer.
    const error = new Error(
      `${field}${typeof path === "string" ? `Path ${path}` : ""} is not a positive integer`,
    );
    error.name = "States.Runtime";
    throw error;
  }
  return (seconds as number) * 1000;
};

const withToken = (value: unknown, token: string): unknown => {
  if (value === TASK_TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withToken(item, token)]));
  return value;
};

/**
 * The handler of one callback task: `send` performs the underlying request (the Lambda invoke,
 * the SQS message) with the token in it; the task's result is the answer given with the token.
 */
export const callbackHandler =
  (
    stateName: string,
    state: AslState,
    tokens: TaskTokens,
    origin: Omit<TokenOrigin, "stateName">,
    send: (parameters: unknown) => Promise<unknown>,
  ) =>
  async (input: unknown): Promise<unknown> => {
    const { [STATE_INPUT_FIELD]: carried, ...parameters } = (input ?? {}) as Record<string, unknown>;
    const stateInput = state.Parameters ? carried : input;
    const limits = {
      heartbeatMs: secondsOf(state, "HeartbeatSeconds", stateInput),
      timeoutMs: secondsOf(state, "TimeoutSeconds", stateInput),
    };
    const { token, result } = tokens.openTask({ ...origin, stateName }, limits);
    try {
      await send(withToken(state.Parameters ? parameters : input, token));
    } catch (error) {
      tokens.abandon(token);
      throw error;
    }
    return result;
  };
