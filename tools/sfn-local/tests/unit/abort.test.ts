import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  runWorkflow,
  type StateMachineDefinition,
  type TaskTokenError,
  TaskTokens,
} from "../../src/index.ts";

/*
 * Stopping a runner: an execution in a long Wait or waiting for a callback's answer ends ABORTED
 * when its signal aborts, as StopExecution ends one on AWS, and leaves no timer or open task.
 */

const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ask-a-person";

const waitForDays: StateMachineDefinition = {
  StartAt: "Remind later",
  States: { "Remind later": { Type: "Wait", Seconds: 86_400, End: true } },
};

const waitForAnswer: StateMachineDefinition = {
  StartAt: "Ask",
  States: {
    Ask: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: { FunctionName: FUNCTION_ARN, Payload: { "token.$": "$$.Task.Token" } },
      TimeoutSeconds: 86_400,
      End: true,
    },
  },
};

describe("aborting an execution", () => {
  it("ends a long Wait at once with ABORTED", async () => {
    const stop = new AbortController();
    const started = Date.now();
    const running = runWorkflow(waitForDays, {}, { invokeLambda: async () => ({}), signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(await running).toEqual({ status: "ABORTED" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("ends a callback task waiting for its answer; its token then answers TaskTimedOut", async () => {
    const stop = new AbortController();
    const tokens = new TaskTokens();
    let token = "";
    const running = runWorkflow(
      waitForAnswer,
      {},
      {
        taskTokens: tokens,
        signal: stop.signal,
        invokeLambda: async (_arn, payload) => {
          token = String((payload as { token: string }).token);
          setTimeout(() => stop.abort(), 10);
          return {};
        },
      },
    );
    expect(await running).toEqual({ status: "ABORTED" });
    let refusal: TaskTokenError | undefined;
    try {
      tokens.succeed(token, "{}");
    } catch (error) {
      refusal = error as TaskTokenError;
    }
    expect(refusal?.code).toBe("TaskTimedOut");
  });

  it("aborts an execution whose signal was aborted before it started", async () => {
    const stop = new AbortController();
    stop.abort();
    expect(
      await runWorkflow(waitForDays, {}, { invokeLambda: async () => ({}), signal: stop.signal }),
    ).toEqual({ status: "ABORTED" });
  });

  it("leaves nothing that keeps the process alive: a process whose executions were aborted ends by itself", async () => {
    const script = fileURLToPath(new URL("../support/abort-and-exit.ts", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ["--experimental-strip-types", script], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({ status: "ABORTED" });
  }, 30_000);
});
