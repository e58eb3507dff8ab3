import * as dynamodb from "@aws-sdk/client-dynamodb";
import * as sns from "@aws-sdk/client-sns";
import * as sqs from "@aws-sdk/client-sqs";
import { toTaskFailure } from "./aws-errors.ts";

/** The AWS clients integrations use; built from the environment (AWS_ENDPOINT_URL) unless given. */
export interface IntegrationClients {
  dynamodb: dynamodb.DynamoDBClient;
  sns: sns.SNSClient;
  sqs: sqs.SQSClient;
}

export const defaultClients = (): IntegrationClients => ({
  dynamodb: new dynamodb.DynamoDBClient({}),
  sns: new sns.SNSClient({}),
  sqs: new sqs.SQSClient({}),
});

type Parameters = Record<string, unknown>;
type Send = (clients: IntegrationClients, parameters: Parameters) => Promise<unknown>;

interface Integration {
  /** The service part of Step Functions error names for this integration. */
  errorPrefix: string;
  send: Send;
}

type CommandClass = new (input: Parameters) => object;
type AnyClient = { send(command: object): Promise<unknown> };

/** SNS and SQS take the message as a string; Step Functions serialises a JSON object for you. */
const asMessageText = (value: unknown): unknown =>
  typeof value === "string" ? value : JSON.stringify(value);

const OPTIMIZED: Readonly<Record<string, Integration>> = {
  "dynamodb:getItem": {
    errorPrefix: "DynamoDB",
    send: (c, p) => c.dynamodb.send(new dynamodb.GetItemCommand(p as never)),
  },
  "dynamodb:putItem": {
    errorPrefix: "DynamoDB",
    send: (c, p) => c.dynamodb.send(new dynamodb.PutItemCommand(p as never)),
  },
  "dynamodb:updateItem": {
    errorPrefix: "DynamoDB",
    send: (c, p) => c.dynamodb.send(new dynamodb.UpdateItemCommand(p as never)),
  },
  "dynamodb:deleteItem": {
    errorPrefix: "DynamoDB",
    send: (c, p) => c.dynamodb.send(new dynamodb.DeleteItemCommand(p as never)),
  },
  "sns:publish": {
    errorPrefix: "SNS",
    send: (c, p) => c.sns.send(new sns.PublishCommand({ ...p, Message: asMessageText(p.Message) } as never)),
  },
  "sqs:sendMessage": {
    errorPrefix: "SQS",
    send: (c, p) =>
      c.sqs.send(new sqs.SendMessageCommand({ ...p, MessageBody: asMessageText(p.MessageBody) } as never)),
  },
};

/*
 * aws-sdk integrations (`arn:aws:states:::aws-sdk:dynamodb:transactWriteItems`): any action of
 * these services, found by its SDK v3 command name. Step Functions' service names in errors are
 * the SDK's in PascalCase, hence `DynamoDb`, not `DynamoDB`.
 */
const SDK_SERVICES: Readonly<
  Record<string, { errorPrefix: string; module: Record<string, unknown>; client: keyof IntegrationClients }>
> = {
  dynamodb: { errorPrefix: "DynamoDb", module: dynamodb, client: "dynamodb" },
  sns: { errorPrefix: "Sns", module: sns, client: "sns" },
  sqs: { errorPrefix: "Sqs", module: sqs, client: "sqs" },
};

const sdkIntegration = (service: string, action: string): Integration | undefined => {
  const sdkService = SDK_SERVICES[service];
  const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  const Command = sdkService?.module[commandName] as CommandClass | undefined;
  if (!sdkService || typeof Command !== "function") return undefined;
  return {
    errorPrefix: sdkService.errorPrefix,
    send: (clients, parameters) => (clients[sdkService.client] as AnyClient).send(new Command(parameters)),
  };
};

const OPTIMIZED_PREFIX = "arn:aws:states:::";
const SDK_PREFIX = "arn:aws:states:::aws-sdk:";

/** The integration behind a Task's Resource, or undefined when this runner does not perform it. */
export const findIntegration = (resource: string): Integration | undefined => {
  if (resource.startsWith(SDK_PREFIX)) {
    const [service = "", action = ""] = resource.slice(SDK_PREFIX.length).split(":");
    return sdkIntegration(service, action);
  }
  if (resource.startsWith(OPTIMIZED_PREFIX)) return OPTIMIZED[resource.slice(OPTIMIZED_PREFIX.length)];
  return undefined;
};

/**
 * Performs one service integration with the state's rendered Parameters and answers as Step
 * Functions does: the API's output (without the SDK's `$metadata`), or a TaskFailure named
 * `<Service>.<Error>`.
 */
export const performIntegration = async (
  integration: Integration,
  clients: IntegrationClients,
  parameters: Parameters,
): Promise<unknown> => {
  try {
    const { $metadata: _metadata, ...output } = (await integration.send(clients, parameters)) as Record<
      string,
      unknown
    >;
    return output;
  } catch (error) {
    throw toTaskFailure(integration.errorPrefix, error);
  }
};
