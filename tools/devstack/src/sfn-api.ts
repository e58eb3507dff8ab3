import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TaskTokenError } from "@shoebox/sfn-local";
import type { EventsLog } from "./events-log.ts";
import {
  StepFunctionsApiError,
  TaskAnswerError,
  UnknownOperationError,
  ValidationError,
} from "./sfn-errors.ts";
import type { Execution, LocalStateMachines } from "./state-machines.ts";

/**
 * The Step Functions API on 127.0.0.1, in AWS's JSON protocol (`POST /`,
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, `application/x-amz-json-1.0`), so that a
 * function's own SFNClient reaches it by configuration alone: AWS_ENDPOINT_URL_SFN, the SDK's
 * service-specific endpoint variable, which wins over AWS_ENDPOINT_URL (the emulator).
 * Errors are answered as AWS answers them: 400 with `__type` in Step Functions' namespace.
 */

const CONTENT_TYPE = "application/x-amz-json-1.0";
const ERROR_NAMESPACE = "com.amazonaws.swf.service.v2.model";
const TARGET_PREFIX = "AWSStepFunctions.";

/** Dates as the JSON protocol carries timestamps: epoch seconds. */
const epochSeconds = (date: Date | undefined): number | undefined =>
  date === undefined ? undefined : date.getTime() / 1000;

/** An execution as ListExecutions lists it. */
const listItem = (execution: Execution) => ({
  executionArn: execution.executionArn,
  stateMachineArn: execution.stateMachineArn,
  name: execution.name,
  status: execution.status,
  startDate: epochSeconds(execution.startDate),
  ...(execution.stopDate ? { stopDate: epochSeconds(execution.stopDate) } : {}),
});

/** An execution as DescribeExecution answers it. */
const describe = (execution: Execution) => ({
  ...listItem(execution),
  input: execution.input,
  inputDetails: { included: true },
  ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
  ...(execution.error !== undefined ? { error: execution.error } : {}),
  ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
  redriveCount: 0,
});

/** One page of a list, with AWS's opaque nextToken (here: the offset). */
const page = <T>(items: T[], request: { maxResults?: unknown; nextToken?: unknown }) => {
  const maxResults = Number(request.maxResults ?? 0) || 100;
  if (maxResults < 1 || maxResults > 1000) throw new ValidationError("maxResults must be between 1 and 1000");
  const start = request.nextToken
    ? Number(Buffer.from(String(request.nextToken), "base64url").toString())
    : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new ValidationError("nextToken is not one this API gave out");
  const end = start + maxResults;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString("base64url") } : {}),
  };
};

type Request = Record<string, unknown>;

/** A callback task's answer; its refusals are Step Functions' (InvalidToken, TaskTimedOut, InvalidOutput). */
const answerTask = (answer: () => void): Record<string, never> => {
  try {
    answer();
  } catch (error) {
    if (error instanceof TaskTokenError) throw new TaskAnswerError(error.code, error.message);
    throw error;
  }
  return {};
};

/** SendTaskFailure's limits: error up to 256 characters, cause up to 32 768. */
const boundedText = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > max)
    throw new ValidationError(`${field} must be a string of at most ${max} characters`);
  return value;
};

/** The operations served, by X-Amz-Target operation name. */
const operations = (sfn: LocalStateMachines): Record<string, (request: Request) => unknown> => ({
  StartExecution: (request) => {
    const execution = sfn.startExecution(request);
    return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
  },
  DescribeExecution: (request) => describe(sfn.describeExecution(request.executionArn)),
  ListExecutions: (request) => {
    const { items, nextToken } = page(
      sfn.listExecutions(request.stateMachineArn, request.statusFilter as string | undefined),
      request,
    );
    return { executions: items.map(listItem), ...(nextToken ? { nextToken } : {}) };
  },
  ListStateMachines: (request) => {
    const { items, nextToken } = page(sfn.list(), request);
    return {
      stateMachines: items.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: "STANDARD",
        creationDate: 0,
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  SendTaskSuccess: (request) => answerTask(() => sfn.taskTokens.succeed(request.taskToken, request.output)),
  SendTaskFailure: (request) =>
    answerTask(() =>
      sfn.taskTokens.fail(
        request.taskToken,
        boundedText(request.error, "error", 256),
        boundedText(request.cause, "cause", 32_768),
      ),
    ),
  SendTaskHeartbeat: (request) => answerTask(() => sfn.taskTokens.heartbeat(request.taskToken)),
  DescribeStateMachine: (request) => {
    const { config, definition } = sfn.machine(request.stateMachineArn);
    return {
      stateMachineArn: config.arn,
      name: config.name,
      status: "ACTIVE",
      definition: JSON.stringify(definition),
      roleArn: "",
      type: "STANDARD",
      creationDate: 0,
    };
  },
});

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

export interface SfnApiOptions {
  sfn: LocalStateMachines;
  log: EventsLog;
  /** Default: a free port. */
  port?: number;
}

/**
 * Serves the local state machines over the Step Functions JSON protocol.
 *
 * @example
 * const api = new SfnApi({ sfn, log });
 * const endpoint = await api.start(); // AWS_ENDPOINT_URL_SFN=<endpoint> for the functions
 */
export class SfnApi {
  private readonly options: SfnApiOptions;
  private readonly operations: Record<string, (request: Request) => unknown>;
  private server: Server | undefined;

  constructor(options: SfnApiOptions) {
    this.options = options;
    this.operations = operations(options.sfn);
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.options.log.error("sfn", `request failed: ${(error as Error).message}`);
        if (!response.headersSent)
          this.reply(response, 500, { __type: "InternalFailure", message: "internal error" });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private reply(
    response: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ) {
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      "content-type": CONTENT_TYPE,
      "content-length": Buffer.byteLength(body),
      "x-amzn-requestid": randomUUID(),
      ...headers,
    });
    response.end(body);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    try {
      const serve = request.method === "POST" ? this.operations[operation] : undefined;
      if (!serve) throw new UnknownOperationError(target);
      let body: Request;
      try {
        body = text.trim() ? (JSON.parse(text) as Request) : {};
      } catch {
        throw new ValidationError("the request body is not JSON");
      }
      if (!body || typeof body !== "object" || Array.isArray(body))
        throw new ValidationError("the request body is not a JSON object");
      this.reply(response, 200, serve(body));
    } catch (error) {
      if (!(error instanceof StepFunctionsApiError)) throw error;
      this.options.log.debug("sfn", `${operation || target}: ${error.code}: ${error.message}`);
      this.reply(response, error.statusCode, {
        __type: `${ERROR_NAMESPACE}#${error.code}`,
        message: error.message,
      });
    }
  }
}
