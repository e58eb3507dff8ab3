import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { IntegrationClients } from "@shoebox/sfn-local";
import type { IamGate, IssuedCredentials } from "../iam/iam-gate.ts";
import { SfnApi } from "../sfn-api.ts";
import { LocalStateMachines, type LocalStateMachinesOptions } from "../state-machines.ts";
import type { FunctionPool, InvokeResult } from "../workers.ts";
import { credentialsOf, type GateClients } from "./gate-clients.ts";
import type { StackContext } from "./stack-context.ts";

/** Each state machine's SDK integrations (DynamoDB, SNS, SQS) as its own role, made once per machine. */
const integrationClientsOf = (
  clients: GateClients,
  machineCredentials: (key: string) => IssuedCredentials,
): LocalStateMachinesOptions["clientsFor"] => {
  const byMachine = new Map<string, IntegrationClients>();
  return (key) => {
    let machineClients = byMachine.get(key);
    if (!machineClients) {
      const of = machineCredentials(key);
      machineClients = {
        dynamodb: clients.create(DynamoDBClient, of),
        sns: clients.create(SNSClient, of),
        sqs: clients.create(SQSClient, of),
      };
      byMachine.set(key, machineClients);
    }
    return machineClients;
  };
};

/** A Lambda task: authorised for the state machine's role as on AWS, then run on the function's pool. */
const lambdaTasks = (
  gate: IamGate,
  pools: ReadonlyMap<string, FunctionPool>,
  machineCredentials: (key: string) => IssuedCredentials,
): LocalStateMachinesOptions["invoke"] => {
  return async (functionKey, payload, machine): Promise<InvokeResult> => {
    const pool = pools.get(functionKey);
    if (!pool) throw new Error(`a state machine task names unknown function ${functionKey}`);
    const denial = await gate.authorize(machineCredentials(machine.key).accessKeyId, [
      { action: "lambda:InvokeFunction", resource: machine.functionArn },
    ]);
    if (!denial) return pool.invoke(payload);
    // What the Lambda integration reports when the state machine's role may not invoke.
    const errorMessage = `${denial.message} (Service: Lambda, Status Code: 403, Error Code: AccessDeniedException)`;
    return {
      ok: false,
      error: { errorType: "Lambda.AWSLambdaException", errorMessage },
      durationMs: 0,
      requestId: "",
    };
  };
};

/**
 * Step Functions: the state machines Terraform published, on a local endpoint of their own that
 * the functions reach through the gate. Their Lambda tasks run on the pools (looked up per
 * invocation, so the pools may be prepared after this step), each invocation authorised for the
 * state machine's role first. `stop` waits a little for running executions, aborts the rest, then
 * closes the endpoint: it must run before the workers stop.
 */
export const startStepFunctions = async (
  context: StackContext,
): Promise<{ stateMachines: LocalStateMachines; sfnEndpoint: string; stop: () => Promise<void> }> => {
  const { config, principals, clients, pools, log } = context;
  const { gate } = principals;
  const machineCredentials = (key: string) => credentialsOf(principals.stateMachines, key, "state machine");
  const stateMachines = new LocalStateMachines({
    machines: config.state_machines,
    log,
    clientsFor: integrationClientsOf(clients, machineCredentials),
    invoke: lambdaTasks(gate, pools, machineCredentials),
  });
  const sfnApi = new SfnApi({ sfn: stateMachines, log });
  const sfnEndpoint = await sfnApi.start();
  // The functions' Step Functions calls pass the gate like every other call, then come here.
  gate.routeService("states", sfnEndpoint);
  log.info(
    "sfn",
    `Step Functions API on ${sfnEndpoint}, behind the IAM gate: ${Object.keys(config.state_machines).join(", ") || "no state machines"}`,
  );
  const stop = async () => {
    const aborted = await stateMachines.drain();
    if (aborted > 0) log.warn("workflow", `${aborted} execution(s) still running at shutdown: aborted`);
    await sfnApi.stop();
    log.info("sfn", "stopped");
  };
  return { stateMachines, sfnEndpoint, stop };
};
