import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import type { IntegrationClients } from "@shoebox/sfn-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventsLog, type StackEvent } from "../src/events-log.ts";
import { SfnApi } from "../src/sfn-api.ts";
import { LocalStateMachines } from "../src/state-machines.ts";
import type { InvokeResult } from "../src/workers.ts";

/*
 * The local Step Functions endpoint, reached as a function reaches it: the SDK's own SFNClient,
 * configured by AWS_ENDPOINT_URL_SFN alone (AWS_ENDPOINT_URL points at nothing, so a client that
 * ignored the service-specific variable would fail). The state machine is a small real ASL
 * definition: a Lambda task on a "pool" per function key, then a Map that gives each item an
 * outcome, as the receipt workflow does.
 */
const region = "eu-west-1";
const stateMachineArn = `arn:aws:states:${region}:123456789012:stateMachine:shoebox-local-receipt-workflow`;
const validateArn = `arn:aws:lambda:${region}:123456789012:function:shoebox-local-receipt-validate`;
const definition = {
  StartAt: "Validate",
  States: {
    Validate: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: validateArn, "Payload.$": "$" },
      ResultSelector: { "receipts.$": "$.Payload.receipts" },
      Next: "Outcomes",
    },
    Outcomes: {
      Type: "Map",
      ItemsPath: "$.receipts",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Outcome",
        States: {
          Outcome: { Type: "Pass", Parameters: { "photoId.$": "$.photoId", outcome: "stored" }, End: true },
        },
      },
      ResultSelector: { "receipts.$": "$" },
      End: true,
    },
  },
};

/** A callback task: the function records the token, a person answers with it. */
const reviewMachineArn = stateMachineArn.replace("receipt-workflow", "review");
const askArn = validateArn.replace("receipt-validate", "review-request");
const reviewDefinition = {
  StartAt: "AwaitDecision",
  States: {
    AwaitDecision: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: askArn,
        Payload: { "taskToken.$": "$$.Task.Token", "photoId.$": "$.photoId" },
      },
      HeartbeatSeconds: 60,
      TimeoutSeconds: 120,
      End: true,
    },
  },
};

const log = new EventsLog({ write: () => {} });
const lines: StackEvent[] = [];
log.on((event) => lines.push(event));
const reviewMachine = {
  arn: reviewMachineArn,
  name: "shoebox-local-review",
  definition: JSON.stringify(reviewDefinition),
  lambda_functions: { [askArn]: "review-request" },
};

const invocations: Array<{ key: string; payload: unknown }> = [];
/** Holds every invocation until released, so an execution can be caught RUNNING. */
let gate: Promise<void> = Promise.resolve();
let failWith: string | undefined;

const machines = new LocalStateMachines({
  machines: {
    "receipt-workflow": {
      arn: stateMachineArn,
      name: "shoebox-local-receipt-workflow",
      definition: JSON.stringify(definition),
      lambda_functions: { [validateArn]: "receipt-validate" },
    },
    review: reviewMachine,
  },
  log,
  // Only SDK integrations use them, and this definition has none.
  clientsFor: () => ({}) as IntegrationClients,
  invoke: async (key, payload): Promise<InvokeResult> => {
    invocations.push({ key, payload });
    await gate;
    if (failWith)
      return { ok: false, error: { errorType: failWith, errorMessage: "no" }, durationMs: 1, requestId: "r" };
    return { ok: true, result: payload, durationMs: 1, requestId: "r" };
  },
});
const api = new SfnApi({ sfn: machines, log });
let endpoint: string;
let sfn: SFNClient;
const saved = { sfn: process.env.AWS_ENDPOINT_URL_SFN, all: process.env.AWS_ENDPOINT_URL };

beforeAll(async () => {
  endpoint = await api.start();
  process.env.AWS_ENDPOINT_URL_SFN = endpoint;
  process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
  sfn = new SFNClient({
    region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sfn.destroy();
  await api.stop();
  for (const [variable, value] of [
    ["AWS_ENDPOINT_URL_SFN", saved.sfn],
    ["AWS_ENDPOINT_URL", saved.all],
  ] as const) {
    if (value === undefined) delete process.env[variable];
    else process.env[variable] = value;
  }
});

const input = (photoId: string) => JSON.stringify({ receipts: [{ photoId }] });
const start = (name: string, body: string) =>
  sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: body }));
const settled = async (executionArn: string) => {
  await machines.describeExecution(executionArn).done;
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
};

describe("the local Step Functions API, through the SDK's SFNClient and AWS_ENDPOINT_URL_SFN", () => {
  it("runs StartExecution's state machine with its Lambda task on the function named by lambda_functions", async () => {
    const started = await start("01JPHOTO0001", input("01JPHOTO0001"));

    expect(started.executionArn).toBe(
      `arn:aws:states:${region}:123456789012:execution:shoebox-local-receipt-workflow:01JPHOTO0001`,
    );
    expect(started.startDate).toBeInstanceOf(Date);
    const described = await settled(started.executionArn as string);
    expect(described).toMatchObject({
      status: "SUCCEEDED",
      name: "01JPHOTO0001",
      stateMachineArn,
      input: input("01JPHOTO0001"),
    });
    expect(JSON.parse(described.output as string)).toEqual({
      receipts: [{ photoId: "01JPHOTO0001", outcome: "stored" }],
    });
    expect(invocations.at(-1)).toEqual({
      key: "receipt-validate",
      payload: { receipts: [{ photoId: "01JPHOTO0001" }] },
    });
    const messages = lines.filter((line) => line.source === "workflow").map((line) => line.message);
    expect(messages).toContain("receipt-workflow 01JPHOTO0001 started (1 receipt)");
    expect(
      messages.some((message) =>
        /^receipt-workflow 01JPHOTO0001 SUCCEEDED in \d+\.\d s: stored 1$/.test(message),
      ),
    ).toBe(true);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.map((execution) => execution.name)).toContain("01JPHOTO0001");
    const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "FAILED" }));
    expect(succeeded.executions?.map((execution) => execution.name)).not.toContain("01JPHOTO0001");
  });

  it("answers a repeated StartExecution of a running execution (same name, same input) with the same execution", async () => {
    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const before = invocations.length;
    const first = await start("01JPHOTO0002", input("01JPHOTO0002"));
    const again = await start("01JPHOTO0002", input("01JPHOTO0002"));
    expect(again.executionArn).toBe(first.executionArn);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }))).status).toBe(
      "RUNNING",
    );
    release();
    expect((await settled(first.executionArn as string)).status).toBe("SUCCEEDED");
    expect(invocations.length - before).toBe(1);
  });

  it("refuses the same name with another input, or once the execution is closed, with ExecutionAlreadyExists", async () => {
    const first = await start("01JPHOTO0003", input("01JPHOTO0003"));
    await settled(first.executionArn as string);

    const otherInput = start("01JPHOTO0003", input("01JPHOTOOTHER"));
    await expect(otherInput).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(otherInput).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
      message: `Execution Already Exists: '${first.executionArn}'`,
    });
    // Closed: AWS refuses even the same input (STANDARD idempotency holds only while RUNNING).
    await expect(start("01JPHOTO0003", input("01JPHOTO0003"))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("puts AWS's error code in __type, in Step Functions' namespace, with the JSON 1.0 content type", async () => {
    await start("01JPHOTO0004", input("01JPHOTO0004"));
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AWSStepFunctions.StartExecution",
      },
      body: JSON.stringify({ stateMachineArn, name: "01JPHOTO0004", input: "{}" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(await response.json()).toEqual({
      __type: "com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists",
      message: expect.stringMatching(/^Execution Already Exists: 'arn:aws:states:.*:01JPHOTO0004'$/),
    });

    const unknown = await fetch(endpoint, {
      method: "POST",
      headers: { "x-amz-target": "AWSStepFunctions.CreateStateMachine" },
      body: "{}",
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toMatch(/#UnknownOperationException$/);
  });

  it("refuses unknown state machines and executions, malformed ARNs, names and inputs with AWS's errors", async () => {
    const otherMachine = stateMachineArn.replace("receipt-workflow", "nothing");
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: otherMachine })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: "not-an-arn" })),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(start("has space", "{}")).rejects.toBeInstanceOf(InvalidName);
    await expect(start("01JPHOTO0005", "{not json")).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace(":stateMachine:", ":execution:")}:never`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it("fails the execution with the function's errorType and says so in one line", async () => {
    failWith = "PermanentError";
    try {
      const started = await start("01JPHOTO0006", input("01JPHOTO0006"));
      const described = await settled(started.executionArn as string);
      expect(described).toMatchObject({ status: "FAILED", error: "PermanentError" });
      expect(JSON.parse(described.cause as string)).toMatchObject({
        errorType: "PermanentError",
        errorMessage: "no",
      });
      expect(
        lines.some(
          (line) =>
            line.level === "warn" &&
            /^receipt-workflow 01JPHOTO0006 FAILED in \d+\.\d s: PermanentError/.test(line.message),
        ),
      ).toBe(true);
    } finally {
      failWith = undefined;
    }
  });
});

describe("answers to callback tasks: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat", () => {
  /** Starts a review execution and answers the token its function was given. */
  const awaitToken = async (photoId: string) => {
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: reviewMachineArn,
        name: photoId,
        input: JSON.stringify({ photoId }),
      }),
    );
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const asked = invocations.find(
        (call) => call.key === "review-request" && (call.payload as { photoId?: string }).photoId === photoId,
      );
      if (asked)
        return {
          executionArn: started.executionArn as string,
          token: (asked.payload as { taskToken: string }).taskToken,
        };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the callback task never invoked its function");
  };

  it("resumes the waiting task with SendTaskSuccess's output; the spent token then answers TaskTimedOut", async () => {
    const { executionArn, token } = await awaitToken("01JREVIEW0001");
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ action: "approve" }) }),
    );

    const described = await settled(executionArn);
    expect(described).toMatchObject({ status: "SUCCEEDED" });
    expect(JSON.parse(described.output as string)).toEqual({ action: "approve" });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it("fails the waiting task with SendTaskFailure's error and cause", async () => {
    const { executionArn, token } = await awaitToken("01JREVIEW0002");
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: "Review.Rejected", cause: "a duplicate" }),
    );

    expect(await settled(executionArn)).toMatchObject({
      status: "FAILED",
      error: "Review.Rejected",
      cause: "a duplicate",
    });
  });

  it("refuses output that is not JSON (InvalidOutput) and a token it never gave out (InvalidToken)", async () => {
    const { executionArn, token } = await awaitToken("01JREVIEW0003");
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{approve" })),
    ).rejects.toBeInstanceOf(InvalidOutput);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: "made-up" }))).rejects.toBeInstanceOf(
      InvalidToken,
    );
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "null" }));
    expect(await settled(executionArn)).toMatchObject({ status: "SUCCEEDED" });
  });
});

describe("stopping the local stack", () => {
  it("aborts an execution still waiting for a person after the grace, and answers what it finished at once", async () => {
    const stopping = new LocalStateMachines({
      machines: {
        review: reviewMachine,
      },
      log,
      clientsFor: () => ({}) as IntegrationClients,
      invoke: async () => ({ ok: true, result: null, durationMs: 1, requestId: "r" }),
    });
    const waiting = stopping.startExecution({
      stateMachineArn: reviewMachineArn,
      name: "01JREVIEWSTOP",
      input: JSON.stringify({ photoId: "01JREVIEWSTOP" }),
    });

    expect(await stopping.drain(50)).toBe(1);
    expect(waiting.status).toBe("ABORTED");
    expect(stopping.running).toEqual([]);
    expect(await stopping.drain(50)).toBe(0);
  });
});
