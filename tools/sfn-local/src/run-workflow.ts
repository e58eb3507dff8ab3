import { randomUUID } from "node:crypto";
import { ExecutionAbortedError, ExecutionError, StateMachine } from "aws-local-stepfunctions";
import {
  CALLBACK_SUFFIX,
  callbackHandler,
  forLibrary,
  isCallbackResource,
  TASK_TOKEN_PLACEHOLDER,
} from "./callback-tasks.ts";
import { SfnLocalError, UnsupportedResourceError } from "./errors.ts";
import { type InvokeLambda, isLambdaResource, runLambdaTask } from "./lambda-tasks.ts";
import type { StateMachineDefinition } from "./render.ts";
import {
  defaultClients,
  findIntegration,
  type IntegrationClients,
  performIntegration,
} from "./service-integrations.ts";
import { allStates } from "./task-states.ts";
import type { TaskTokens } from "./task-tokens.ts";
import { validateDefinition } from "./validate-definition.ts";

export interface RunWorkflowOptions {
  /** Every Lambda Task state calls this (in tests: the real handlers, in process). */
  invokeLambda: InvokeLambda;
  /** Clients for the service integrations; by default built from the environment (AWS_ENDPOINT_URL). */
  clients?: IntegrationClients;
  /** The pause before each retry, in ms, instead of the Retry's own backoff (tests: 0). */
  retryDelayMs?: number;
  /** `$$.Execution.Name`; a random UUID by default, as StartExecution does. */
  executionName?: string;
  /** `$$.StateMachine.Id`, for the context object. */
  stateMachineArn?: string;
  /**
   * The open callback tasks (`.waitForTaskToken`), answered through them (SendTaskSuccess…);
   * a definition with a callback task needs it.
   */
  taskTokens?: TaskTokens;
  /**
   * Aborting it stops the execution where it is, as StopExecution does (status ABORTED): a Wait
   * and a callback task waiting for its answer hold timers that would otherwise outlive the runner.
   */
  signal?: AbortSignal;
}

export type WorkflowResult =
  | { status: "SUCCEEDED"; output: unknown; error?: undefined; cause?: undefined }
  | { status: "FAILED"; output?: undefined; error: string; cause: string }
  | { status: "ABORTED"; output?: undefined; error?: undefined; cause?: undefined };

type LocalHandler = (input: unknown) => Promise<unknown>;

/** Binds every Task state to a local handler; a resource we cannot perform is refused up front. */
const bindTaskStates = (
  definition: StateMachineDefinition,
  options: RunWorkflowOptions,
  clients: () => IntegrationClients,
  execution: { stateMachineArn: string; executionArn: string },
): Record<string, LocalHandler> => {
  const handlers: Record<string, LocalHandler> = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type !== "Task") continue;
    const callback = isCallbackResource(String(state.Resource));
    const resource = String(state.Resource).replace(CALLBACK_SUFFIX, "");
    let send: LocalHandler;
    if (isLambdaResource(resource)) {
      send = (input) => runLambdaTask(options.invokeLambda, resource, input);
    } else {
      const integration = findIntegration(resource);
      if (!integration) throw new UnsupportedResourceError(name, String(state.Resource));
      send = (input) => performIntegration(integration, clients(), input as Record<string, unknown>);
    }
    if (!callback) {
      handlers[name] = send;
      continue;
    }
    if (!options.taskTokens)
      throw new UnsupportedResourceError(`${name} (a callback task needs the taskTokens option)`, resource);
    handlers[name] = callbackHandler(name, state, options.taskTokens, execution, send);
  }
  return handlers;
};

const retryOverrides = (definition: StateMachineDefinition, delayMs: number): Record<string, number> =>
  Object.fromEntries(
    [...allStates(definition)]
      .filter(([, state]) => Array.isArray(state.Retry))
      .map(([name]) => [name, delayMs]),
  );

/**
 * The context object aws-local-stepfunctions does not build itself. `$$.State.EnteredTime` is the
 * execution's start time here (it is static for the whole run), the state's entry time on AWS.
 */
const contextObject = (options: RunWorkflowOptions, startTime: string) => {
  const name = options.executionName ?? randomUUID();
  const stateMachineArn =
    options.stateMachineArn ?? "arn:aws:states:us-east-1:123456789012:stateMachine:local";
  return {
    Execution: { Id: `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`, Name: name },
    StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(":").pop() },
    State: { EnteredTime: startTime, Name: "", RetryCount: 0 },
    // Replaced by a fresh token in each callback task's request (callback-tasks.ts).
    Task: { Token: TASK_TOKEN_PLACEHOLDER },
  };
};

/**
 * One machine per definition object, validated once. aws-local-stepfunctions validates the
 * definition (asl-validator, ~200 ms of CPU for the receipt workflow) whenever a StateMachine is
 * built, and runWorkflow built one per execution; at a few thousand executions that was most of
 * the local stack's CPU. A run keeps its state to itself (abort controller, event log, context),
 * so one machine serves every execution of its definition. A definition is not changed after its
 * first run (render a new one instead): the cache is keyed on the object.
 */
const machines = new WeakMap<StateMachineDefinition, StateMachine>();

const machineFor = (definition: StateMachineDefinition): StateMachine => {
  const known = machines.get(definition);
  if (known) return known;
  const { isValid, problems } = validateDefinition(definition);
  if (!isValid)
    throw new SfnLocalError(
      `State machine definition is invalid, see error(s) below:\n ${problems.join("\n")}`,
    );
  const machine = new StateMachine(forLibrary(definition) as never, {
    validationOptions: { noValidate: true },
  });
  machines.set(definition, machine);
  return machine;
};

/**
 * Runs an ASL definition on aws-local-stepfunctions: Lambda Tasks call `invokeLambda`; SDK
 * integrations (`sns:publish`, `sqs:sendMessage`, `dynamodb:getItem|putItem|updateItem|deleteItem`,
 * `aws-sdk:dynamodb|sns|sqs:*`) are performed against the configured AWS endpoint with the
 * state's rendered Parameters, and their errors carry Step Functions' names, so Retry and Catch
 * behave as on AWS. A failed execution is an answer (`status: "FAILED"`), not an exception.
 *
 * @example
 * const result = await runWorkflow(definition, { receipts: [item] }, {
 *   invokeLambda: (arn, payload) => handlers[arn](payload),
 * });
 * if (result.status === "FAILED") console.error(result.error, result.cause);
 */
export const runWorkflow = async (
  definition: StateMachineDefinition,
  input: unknown,
  options: RunWorkflowOptions,
): Promise<WorkflowResult> => {
  let clients = options.clients;
  const lazyClients = () => {
    clients ??= defaultClients();
    return clients;
  };
  const context = contextObject(options, new Date().toISOString());
  const ids = { stateMachineArn: context.StateMachine.Id, executionArn: context.Execution.Id };
  const execution = machineFor(definition).run(input as never, {
    overrides: {
      taskResourceLocalHandlers: bindTaskStates(definition, options, lazyClients, ids) as never,
      ...(options.retryDelayMs === undefined
        ? {}
        : { retryIntervalOverrides: retryOverrides(definition, options.retryDelayMs) }),
    },
    context,
  });
  const abort = () => execution.abort();
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    return { status: "SUCCEEDED", output: await execution.result };
  } catch (error) {
    if (error instanceof ExecutionAbortedError) return { status: "ABORTED" };
    if (!(error instanceof ExecutionError)) throw error;
    const failure = error.cause as Error | undefined;
    return {
      status: "FAILED",
      error: failure?.name ?? "States.Runtime",
      cause: failure?.message ?? error.message,
    };
  } finally {
    options.signal?.removeEventListener("abort", abort);
    // A task still waiting when its execution stopped (a Parallel branch cut short) is over.
    options.taskTokens?.endAll(ids.executionArn);
  }
};
