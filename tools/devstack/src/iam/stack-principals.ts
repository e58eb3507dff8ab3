import type { EventsLog } from "../events-log.ts";
import type { RuntimeConfig } from "../runtime-config.ts";
import { partitionOf } from "./account-model.ts";
import { IamGate, type IssuedCredentials } from "./iam-gate.ts";

/*
 * Who calls AWS in the local stack, and as which role, as on AWS: a function with its execution
 * role (its event source mapping polls with the same role), a state machine's integrations
 * with the state machine's role, an HTTP API SQS route with its integration's credentials role.
 * Each gets credentials the gate issued, after the role's trust policy let the service assume
 * it for that resource.
 */

export interface StackPrincipals {
  gate: IamGate;
  /** By function key. */
  functions: Map<string, IssuedCredentials>;
  /** By state machine key. */
  stateMachines: Map<string, IssuedCredentials>;
  /** By role ARN: the credentials roles of the HTTP API's SQS routes. */
  apiRoutes: Map<string, IssuedCredentials>;
}

const missingRole = (what: string): never => {
  throw new Error(
    `runtime_config gives ${what} no role_arn: the local stack cannot run it with its own permissions`,
  );
};

export const startStackPrincipals = async (options: {
  config: RuntimeConfig;
  endpoint: string;
  accountId: string;
  log: EventsLog;
}): Promise<StackPrincipals> => {
  const { config, accountId, log } = options;
  const region = config.region;
  const partition = partitionOf(region);
  const functionRoles = Object.entries(config.functions).map(
    ([key, fn]) => [key, fn.role_arn ?? missingRole(`function ${key}`), fn.function_name] as const,
  );
  const machineRoles = Object.entries(config.state_machines).map(
    ([key, machine]) => [key, machine.role_arn ?? missingRole(`state machine ${key}`), machine.arn] as const,
  );
  const routeRoles = Object.entries(config.http_api.routes).flatMap(([key, route]) =>
    route.type === "sqs" ? [route.credentials_arn ?? missingRole(`route ${key}`)] : [],
  );
  const roleArns = [
    ...new Set([
      ...functionRoles.map(([, role]) => role),
      ...machineRoles.map(([, role]) => role),
      ...routeRoles,
    ]),
  ];

  const gate = new IamGate({ endpoint: options.endpoint, region, accountId, roleArns, log });
  await gate.start();
  const principals: StackPrincipals = {
    gate,
    functions: new Map(),
    stateMachines: new Map(),
    apiRoutes: new Map(),
  };
  try {
    for (const [key, roleArn, functionName] of functionRoles) {
      const functionArn = `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`;
      principals.functions.set(
        key,
        await gate.credentialsFor(roleArn, {
          label: key,
          service: "lambda.amazonaws.com",
          sourceArn: functionArn,
        }),
      );
    }
    for (const [key, roleArn, machineArn] of machineRoles) {
      principals.stateMachines.set(
        key,
        await gate.credentialsFor(roleArn, {
          label: key,
          service: "states.amazonaws.com",
          sourceArn: machineArn,
        }),
      );
    }
    for (const roleArn of new Set(routeRoles)) {
      principals.apiRoutes.set(
        roleArn,
        await gate.credentialsFor(roleArn, { label: "http-api", service: "apigateway.amazonaws.com" }),
      );
    }
  } catch (error) {
    await gate.stop();
    throw error;
  }
  log.info(
    "iam",
    `IAM gate on ${gate.endpoint}: ${roleArns.length} roles assumed; every AWS call of the functions, the workflow and the API is authorised as AWS would before it reaches the emulator`,
  );
  return principals;
};

/** The settings an SDK client of a principal needs: the gate as endpoint, the role's credentials. */
export const clientSettings = (gate: IamGate, region: string, credentials: IssuedCredentials) => ({
  endpoint: gate.endpoint,
  region,
  credentials,
});

/** The AWS part of a function's environment, as Lambda gives it: the role's session credentials. */
export const functionAwsEnvironment = (
  gate: IamGate,
  region: string,
  credentials: IssuedCredentials,
): Record<string, string> => ({
  AWS_ENDPOINT_URL: gate.endpoint,
  S3_FORCE_PATH_STYLE: "true",
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_SESSION_TOKEN: credentials.sessionToken,
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
});
