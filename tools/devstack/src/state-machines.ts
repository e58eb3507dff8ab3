import {
  type IntegrationClients,
  runWorkflow,
  type StateMachineDefinition,
  TaskTokens,
} from "@shoebox/sfn-local";
import type { EventsLog } from "./events-log.ts";
import type { StateMachineConfig } from "./runtime-config.ts";
import {
  ExecutionAlreadyExistsError,
  ExecutionDoesNotExistError,
  InvalidArnError,
  InvalidExecutionInputError,
  InvalidNameError,
  StateMachineDoesNotExistError,
} from "./sfn-errors.ts";
import type { InvokeResult } from "./workers.ts";

/**
 * The state machines of `runtime_config.state_machines`, run locally. moto cannot take
 * aws_sfn_state_machine (its plan hangs on ValidateStateMachineDefinition), so the local
 * stack's override file leaves the state machine out and Terraform publishes what it would have
 * deployed: the rendered definition, the ARN, and which Lambda function (by key) each task
 * function ARN is. Executions run with @shoebox/sfn-local (aws-local-stepfunctions): Lambda tasks
 * on the function worker pools, SDK integrations against the emulator. `sfn-api.ts` serves them
 * to the functions over the Step Functions JSON protocol.
 */

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  /** Key of the state machine in runtime_config, e.g. `receipt-workflow`. */
  stateMachine: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** Item outcomes (`stored: 1`), from the output or, for a failed execution, from its notifications. */
  outcomes: Record<string, number>;
  /** Settles when the execution has stopped. */
  done: Promise<Execution>;
}

export interface LocalStateMachinesOptions {
  machines: Record<string, StateMachineConfig>;
  /**
   * Invokes a function of runtime_config.functions by its key (the worker pools) for a state
   * machine, which must be allowed to (lambda:InvokeFunction with its role).
   */
  invoke: (
    functionKey: string,
    payload: unknown,
    machine: { key: string; functionArn: string },
  ) => Promise<InvokeResult>;
  /** Clients for a state machine's SDK integrations, with its role's credentials. */
  clientsFor: (machineKey: string) => IntegrationClients;
  log: EventsLog;
  /** Pause before each Retry instead of the state's own backoff (tests). */
  retryDelayMs?: number;
}

/** Execution names as StartExecution accepts them: 1-80 characters, none of these, no control characters. */
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const hasControlCharacter = (name: string): boolean =>
  [...name].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
const MAX_INPUT_BYTES = 256 * 1024;
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]{1,80}:.{1,80}$/;

export const executionArnOf = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;

/** `stored 1, duplicate 1` from `{ stored: 1, duplicate: 1 }`. */
export const describeOutcomes = (outcomes: Record<string, number>): string =>
  Object.entries(outcomes)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(", ");

/** Counts the `outcome` of each item of a workflow output such as `{ receipts: [{ outcome }] }`. */
export const outcomesOf = (output: unknown): Record<string, number> => {
  const outcomes: Record<string, number> = {};
  const items = Object.values((output ?? {}) as Record<string, unknown>).find(Array.isArray) ?? [];
  for (const item of items as Array<{ outcome?: unknown }>) {
    if (typeof item?.outcome === "string") outcomes[item.outcome] = (outcomes[item.outcome] ?? 0) + 1;
  }
  return outcomes;
};

/** A function's failure as the Lambda integration names it: the errorType, Lambda.* for the service's own. */
const toLambdaError = (result: Extract<InvokeResult, { ok: false }>): Error => {
  const error = new Error(result.error.errorMessage);
  error.name =
    result.error.errorType === "ServiceException" ? "Lambda.ServiceException" : result.error.errorType;
  return error;
};

/** The integration clients with SNS publishes observed: the outcome notifications of a failed execution. */
const observingPublishes = (
  clients: IntegrationClients,
  onPublish: (input: {
    Message?: string;
    MessageAttributes?: Record<string, { StringValue?: string }>;
  }) => void,
): IntegrationClients => ({
  ...clients,
  sns: {
    send: (command: { input: never }) => {
      onPublish(command.input);
      return clients.sns.send(command as never);
    },
  } as unknown as IntegrationClients["sns"],
});

/**
 * The local Step Functions service: StartExecution (idempotent by name as for STANDARD state
 * machines), DescribeExecution, ListExecutions, over the state machines Terraform published, and
 * the answers to callback tasks (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat).
 *
 * @example
 * const sfn = new LocalStateMachines({ machines: config.state_machines, invoke, clientsFor, log });
 * const { executionArn } = sfn.startExecution({ stateMachineArn, name: photoId, input });
 */
export class LocalStateMachines {
  private readonly options: LocalStateMachinesOptions;
  private readonly machines = new Map<
    string,
    { key: string; config: StateMachineConfig; definition: StateMachineDefinition }
  >();
  private readonly functionKeys = new Map<string, string>();
  readonly executions = new Map<string, Execution>();
  /** The callback tasks (`.waitForTaskToken`) waiting for SendTaskSuccess/Failure. */
  readonly taskTokens = new TaskTokens();
  /** Aborted by `drain` for what still runs when its grace is over: the stack is stopping. */
  private readonly stopping = new AbortController();

  constructor(options: LocalStateMachinesOptions) {
    this.options = options;
    for (const [key, config] of Object.entries(options.machines)) {
      const definition =
        typeof config.definition === "string"
          ? (JSON.parse(config.definition) as StateMachineDefinition)
          : config.definition;
      this.machines.set(config.arn, { key, config, definition });
      for (const [arn, functionKey] of Object.entries(config.lambda_functions ?? {}))
        this.functionKeys.set(arn, functionKey);
    }
  }

  /** The state machines, as ListStateMachines lists them. */
  list(): Array<{ key: string; arn: string; name: string; definition: StateMachineDefinition }> {
    return [...this.machines.values()].map(({ key, config, definition }) => ({
      key,
      arn: config.arn,
      name: config.name,
      definition,
    }));
  }

  machine(stateMachineArn: unknown): {
    key: string;
    config: StateMachineConfig;
    definition: StateMachineDefinition;
  } {
    if (typeof stateMachineArn !== "string" || !STATE_MACHINE_ARN.test(stateMachineArn))
      throw new InvalidArnError(stateMachineArn);
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new StateMachineDoesNotExistError(stateMachineArn);
    return machine;
  }

  /**
   * Starts an execution, or answers the running one of the same name and input (STANDARD
   * idempotency). A name already used by a closed execution, or by one with another input, is
   * ExecutionAlreadyExists, as on AWS.
   */
  startExecution(request: { stateMachineArn?: unknown; name?: unknown; input?: unknown }): Execution {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name === undefined ? crypto.randomUUID() : String(request.name);
    if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name) || hasControlCharacter(name))
      throw new InvalidNameError(name);
    const input = request.input === undefined ? "{}" : String(request.input);
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES)
      throw new InvalidExecutionInputError(`the input is larger than ${MAX_INPUT_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (error) {
      throw new InvalidExecutionInputError((error as Error).message);
    }

    const executionArn = executionArnOf(machine.config.arn, name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === input) return existing;
      throw new ExecutionAlreadyExistsError(executionArn);
    }

    const execution = {
      executionArn,
      stateMachineArn: machine.config.arn,
      stateMachine: machine.key,
      name,
      input,
      status: "RUNNING",
      startDate: new Date(),
      outcomes: {},
    } as Execution;
    this.executions.set(executionArn, execution);
    // `(1 receipt)` for { receipts: [item] }: the first list of the input, named by its field.
    const [field, items] =
      Object.entries((parsed ?? {}) as Record<string, unknown>).find(([, value]) => Array.isArray(value)) ??
      [];
    const count = Array.isArray(items) ? items.length : 0;
    const what = field ? ` (${count} ${count === 1 ? field.replace(/s$/, "") : field})` : "";
    this.options.log.info("workflow", `${machine.key} ${name} started${what}`, { executionArn });
    execution.done = this.run(execution, machine.definition, parsed);
    return execution;
  }

  private async run(
    execution: Execution,
    definition: StateMachineDefinition,
    input: unknown,
  ): Promise<Execution> {
    const notified: Record<string, number> = {};
    const clients = observingPublishes(this.options.clientsFor(execution.stateMachine), (publish) => {
      const eventType = publish.MessageAttributes?.eventType?.StringValue ?? "";
      const outcome = /^[a-z]+\.(stored|duplicate|invalid|failed)$/.exec(eventType)?.[1];
      if (outcome) notified[outcome] = (notified[outcome] ?? 0) + 1;
    });
    try {
      const result = await runWorkflow(definition, input, {
        invokeLambda: (functionArn, payload) =>
          this.invokeLambda(execution.stateMachine, functionArn, payload),
        clients,
        executionName: execution.name,
        stateMachineArn: execution.stateMachineArn,
        taskTokens: this.taskTokens,
        signal: this.stopping.signal,
        ...(this.options.retryDelayMs === undefined ? {} : { retryDelayMs: this.options.retryDelayMs }),
      });
      execution.status = result.status;
      if (result.status === "SUCCEEDED") {
        execution.output = JSON.stringify(result.output ?? null);
        execution.outcomes = outcomesOf(result.output);
      } else if (result.status === "ABORTED") {
        execution.outcomes = notified;
      } else {
        execution.error = result.error;
        execution.cause = result.cause;
        execution.outcomes = notified;
      }
    } catch (error) {
      // Refused before it ran (an unsupported resource, an invalid definition): States.Runtime.
      execution.status = "FAILED";
      execution.error = "States.Runtime";
      execution.cause = (error as Error).message;
    }
    execution.stopDate = new Date();
    const seconds = ((execution.stopDate.getTime() - execution.startDate.getTime()) / 1000).toFixed(1);
    const outcomes = describeOutcomes(execution.outcomes);
    const data = {
      executionArn: execution.executionArn,
      status: execution.status,
      outcomes: execution.outcomes,
    };
    const prefix = `${execution.stateMachine} ${execution.name} ${execution.status} in ${seconds} s`;
    if (execution.status === "SUCCEEDED") {
      this.options.log.info("workflow", `${prefix}${outcomes ? `: ${outcomes}` : ""}`, data);
    } else if (execution.status === "ABORTED") {
      this.options.log.warn("workflow", `${prefix}: the local stack stopped while it ran`, data);
    } else {
      const cause = execution.cause && execution.cause.length < 300 ? ` (${execution.cause})` : "";
      this.options.log.warn(
        "workflow",
        `${prefix}: ${execution.error}${outcomes ? `, ${outcomes}` : cause}`,
        data,
      );
    }
    return execution;
  }

  private async invokeLambda(machineKey: string, functionArn: string, payload: unknown): Promise<unknown> {
    const unqualified = functionArn.split(":").slice(0, 7).join(":");
    const key = this.functionKeys.get(functionArn) ?? this.functionKeys.get(unqualified);
    if (!key) {
      const error = new Error(
        `Function not found: ${functionArn} (not in lambda_functions of runtime_config)`,
      );
      error.name = "Lambda.ResourceNotFoundException";
      throw error;
    }
    const result = await this.options.invoke(key, payload, { key: machineKey, functionArn });
    if (!result.ok) throw toLambdaError(result);
    return result.result;
  }

  describeExecution(executionArn: unknown): Execution {
    if (typeof executionArn !== "string" || !EXECUTION_ARN.test(executionArn))
      throw new InvalidArnError(executionArn);
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ExecutionDoesNotExistError(executionArn);
    return execution;
  }

  /** Executions of a state machine, newest first. */
  listExecutions(stateMachineArn: unknown, statusFilter?: string): Execution[] {
    const machine = this.machine(stateMachineArn);
    return [...this.executions.values()]
      .filter((execution) => execution.stateMachineArn === machine.config.arn)
      .filter((execution) => !statusFilter || execution.status === statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  get running(): Execution[] {
    return [...this.executions.values()].filter((execution) => execution.status === "RUNNING");
  }

  /**
   * Waits for the running executions to end, up to `graceMs`, then aborts what still runs (a
   * receipt waiting for review waits for days): its Wait and callback timers end with it, so
   * nothing of the stack outlives its stop. Returns how many were aborted.
   */
  async drain(graceMs = 5000): Promise<number> {
    const settled = (executions: Execution[]) => Promise.allSettled(executions.map(({ done }) => done));
    await Promise.race([
      settled(this.running),
      new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
    ]);
    const left = this.running;
    if (left.length === 0) return 0;
    this.stopping.abort();
    await settled(left);
    return left.length;
  }
}
