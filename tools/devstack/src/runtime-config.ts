import type { StateMachineDefinition } from "@shoebox/sfn-local";

/**
 * The contract between Terraform and the local runtime: the root output `runtime_config`
 * (`terraform output -json runtime_config`). Everything the local stack runs comes from it;
 * nothing about the infrastructure is written down a second time here.
 */
export interface LambdaRoute {
  type: "lambda";
  function: string;
}

export interface SqsRoute {
  type: "sqs";
  queue_url: string;
  /** The role API Gateway assumes to send the message. */
  credentials_arn?: string;
  /**
   * Message attributes: name => HTTP API mapping expression (e.g. `${context.authorizer.claims.sub}`),
   * either bare or as the SendMessage form `{ DataType, StringValue }`.
   */
  message_attributes?: Record<string, string | { DataType?: string; StringValue: string }> | null;
}

export type Route = LambdaRoute | SqsRoute;

export interface FunctionConfig {
  function_name: string;
  /** The execution role: the local stack runs the function with its credentials. */
  role_arn?: string;
  /** The deployment zip (absolute, or relative to the manifest / Terraform folder). */
  file: string;
  handler: string;
  timeout: number;
  memory_size: number;
  environment: Record<string, string>;
}

export interface EventSourceMappingConfig {
  queue_arn: string;
  queue_url: string;
  batch_size: number;
  maximum_batching_window_in_seconds: number;
  maximum_concurrency: number | null;
  function_response_types: string[];
}

export interface QueueConfig {
  url: string;
  arn: string;
  dlq_url: string;
  dlq_arn: string;
  max_receive_count: number;
  visibility_timeout_seconds: number;
}

export interface RuntimeConfig {
  region: string;
  http_api: {
    endpoint: string;
    jwt_issuer: string;
    jwt_audience: string[] | string;
    routes: Record<string, Route>;
  };
  functions: Record<string, FunctionConfig>;
  event_source_mappings: Record<string, EventSourceMappingConfig>;
  queues: Record<string, QueueConfig>;
  buckets: Record<string, string>;
  tables: Record<string, string>;
  topics: Record<string, string>;
  /** State machines by key: what Terraform would deploy (moto cannot), run by state-machines.ts. */
  state_machines: Record<string, StateMachineConfig>;
  /** Topic -> queue subscriptions as Terraform declares them (moto delivers them itself). */
  subscriptions: Record<string, SubscriptionConfig>;
}

export interface SubscriptionConfig {
  topic_arn: string;
  queue_url: string;
  queue_arn: string;
  filter_policy: Record<string, unknown> | null;
  filter_policy_scope: "MessageAttributes" | "MessageBody" | null;
  raw_message_delivery: boolean;
}

const fail = (message: string): never => {
  throw new Error(`runtime_config from Terraform is not what the local runtime expects: ${message}`);
};

/** Checks the parts the runtime relies on, so a changed output fails with a readable message. */
export const parseRuntimeConfig = (value: unknown): RuntimeConfig => {
  const config = value as RuntimeConfig;
  if (!config || typeof config !== "object") fail("not an object");
  if (typeof config.region !== "string") fail("region is missing");
  if (!config.http_api || typeof config.http_api.routes !== "object") fail("http_api.routes is missing");
  if (!config.functions || typeof config.functions !== "object") fail("functions is missing");
  for (const [key, route] of Object.entries(config.http_api.routes)) {
    if (route.type === "lambda") {
      if (!config.functions[route.function])
        fail(`route ${key} names function ${route.function}, which is not in functions`);
    } else if (route.type === "sqs") {
      if (typeof route.queue_url !== "string") fail(`route ${key} has no queue_url`);
    } else {
      fail(`route ${key} has unknown type ${(route as { type: string }).type}`);
    }
  }
  config.event_source_mappings ??= {};
  for (const name of Object.keys(config.event_source_mappings)) {
    if (!config.functions[name]) fail(`event source mapping ${name} names no function in functions`);
  }
  config.queues ??= {};
  config.buckets ??= {};
  config.tables ??= {};
  config.topics ??= {};
  config.state_machines ??= {};
  config.subscriptions ??= {};
  for (const [key, machine] of Object.entries(config.state_machines)) {
    if (typeof machine?.arn !== "string" || machine.definition === undefined)
      fail(`state machine ${key} has no arn or definition`);
    for (const [arn, name] of Object.entries(machine.lambda_functions ?? {})) {
      if (!config.functions[name])
        fail(`state machine ${key} maps ${arn} to ${name}, which is not in functions`);
    }
  }
  return config;
};

export const audiences = (config: RuntimeConfig): string[] => {
  const audience = config.http_api.jwt_audience;
  return Array.isArray(audience) ? audience : [audience];
};

/** One entry of `runtime_config.state_machines`, as Terraform writes it. */
export interface StateMachineConfig {
  arn: string;
  name: string;
  /** The rendered ASL: a JSON string (Terraform's templatefile), or already parsed. */
  definition: string | StateMachineDefinition;
  /** Function ARN => key of the function in runtime_config.functions. */
  lambda_functions: Record<string, string>;
  /** The role the state machine runs with (its integrations and Lambda tasks use it). */
  role_arn?: string;
}
