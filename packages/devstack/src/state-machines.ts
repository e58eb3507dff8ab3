import type { EventsLog } from "./events-log.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import type { FunctionPool } from "./workers.ts";

/**
 * Seam for the receipt workflow (later issue). moto cannot take aws_sfn_state_machine (its plan
 * hangs on ValidateStateMachineDefinition), so with local_emulation = true Terraform leaves the
 * state machine out and is expected to publish its ASL and settings in runtime_config
 * (`state_machines`). The runner will execute that ASL with aws-local-stepfunctions, resolving
 * Lambda task ARNs to the pools below, and serve StartExecution/DescribeExecution to the
 * functions (AWS_ENDPOINT_URL_SFN pointed at it).
 */
export interface StateMachineRunner {
  /** Extra environment for the function workers, e.g. AWS_ENDPOINT_URL_SFN. */
  environment: Record<string, string>;
  stop(): Promise<void>;
}

export const startStateMachines = async (
  config: RuntimeConfig,
  _pools: Map<string, FunctionPool>,
  log: EventsLog,
): Promise<StateMachineRunner> => {
  const machines = Object.keys(config.state_machines ?? {});
  if (machines.length > 0) {
    log.warn(
      "sfn",
      `state machines ${machines.join(", ")} are declared but not run locally yet (aws-local-stepfunctions: later issue)`,
    );
  }
  return { environment: {}, stop: async () => {} };
};
