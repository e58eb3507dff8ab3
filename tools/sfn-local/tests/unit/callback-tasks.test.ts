import { describe, expect, it } from "vitest";
import {
  runWorkflow,
  type StateMachineDefinition,
  type TaskTokenError,
  TaskTokens,
} from "../../src/index.ts";

/*
 * The callback pattern on the local runner: a `lambda:invoke.waitForTaskToken` task hands its
 * token to the function and waits for SendTaskSuccess/Failure; heartbeats and timeouts come from
 * the state (HeartbeatSecondsPath read from the state input, as on AWS); a token outliving its
 * task answers TaskTimedOut. The definitions are small on purpose: the receipt workflow's own
 * review path is tested in the workflow suite.
 */

const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ask-a-person";

const awaitTask = (extra: Record<string, unknown> = {}) => ({
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
  Parameters: {
    FunctionName: FUNCTION_ARN,
    Payload: { "token.$": "$$.Task.Token", "question.$": "$.question" },
  },
  ResultPath: "$.answer",
  ...extra,
});

const single = (extra: Record<string, unknown> = {}): StateMachineDefinition => ({
  StartAt: "Ask",
  States: {
    Ask: { ...awaitTask(extra), End: true },
  },
});

/** Runs a definition whose function hands each token it gets to `onToken`. */
const run = (
  definition: StateMachineDefinition,
  input: unknown,
  tokens: TaskTokens,
  onToken: (token: string, payload: Record<string, unknown>) => void,
) =>
  runWorkflow(definition, input, {
    taskTokens: tokens,
    invokeLambda: async (_arn, payload) => {
      const request = payload as Record<string, unknown>;
      onToken(String(request.token), request);
      return { recorded: true };
    },
  });

describe("callback tasks (.waitForTaskToken)", () => {
  it("waits for SendTaskSuccess and takes its output as the task's result", async () => {
    const tokens = new TaskTokens();
    let seen: Record<string, unknown> = {};
    const result = await run(single(), { question: "ok?" }, tokens, (token, payload) => {
      seen = payload;
      setTimeout(() => tokens.succeed(token, JSON.stringify({ approved: true })), 20);
    });

    expect(result).toEqual({ status: "SUCCEEDED", output: { question: "ok?", answer: { approved: true } } });
    expect(seen.question).toBe("ok?");
    expect(String(seen.token)).not.toContain("sfn-local:task-token");
  });

  it("fails the task with SendTaskFailure's error and cause, for Catch to match", async () => {
    const tokens = new TaskTokens();
    const result = await run(single(), { question: "ok?" }, tokens, (token) =>
      setTimeout(() => tokens.fail(token, "Review.Rejected", "not mine"), 10),
    );

    expect(result).toEqual({ status: "FAILED", error: "Review.Rejected", cause: "not mine" });
  });

  it("gives each task its own token, and a token whose task ended answers TaskTimedOut", async () => {
    const tokens = new TaskTokens();
    const given: string[] = [];
    const definition: StateMachineDefinition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.questions",
          ItemProcessor: { StartAt: "AskOne", States: { AskOne: { ...awaitTask(), End: true } } },
          End: true,
        },
      },
    };
    const result = await run(
      definition,
      { questions: [{ question: "a" }, { question: "b" }] },
      tokens,
      (token) => {
        given.push(token);
        setTimeout(() => tokens.succeed(token, "1"), 10);
      },
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(new Set(given).size).toBe(2);
    expect(() => tokens.succeed(given[0], "2")).toThrow(
      expect.objectContaining({ code: "TaskTimedOut" }) as TaskTokenError,
    );
    expect(() => tokens.heartbeat("not-a-token")).toThrow(expect.objectContaining({ code: "InvalidToken" }));
  });

  it("times out with States.HeartbeatTimeout when nobody beats within HeartbeatSecondsPath, read from the state input", async () => {
    const tokens = new TaskTokens();
    const started = Date.now();
    const definition = single({ HeartbeatSecondsPath: "$.limits.heartbeat", TimeoutSeconds: 30 });
    let token = "";
    const result = await run(definition, { question: "?", limits: { heartbeat: 1 } }, tokens, (given) => {
      token = given;
    });

    expect(result).toMatchObject({ status: "FAILED", error: "States.HeartbeatTimeout" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(() => tokens.succeed(token, "{}")).toThrow(expect.objectContaining({ code: "TaskTimedOut" }));
  });

  it("keeps a task alive while heartbeats come, up to its TimeoutSeconds (States.Timeout)", async () => {
    const tokens = new TaskTokens();
    const beats: NodeJS.Timeout[] = [];
    const result = await run(
      single({ HeartbeatSeconds: 1, TimeoutSecondsPath: "$.limits.total" }),
      { question: "?", limits: { total: 2 } },
      tokens,
      (token) => beats.push(setInterval(() => tokens.heartbeat(token), 400)),
    );
    for (const beat of beats) clearInterval(beat);

    expect(result).toMatchObject({ status: "FAILED", error: "States.Timeout" });
  });

  it("refuses output that is not JSON as InvalidOutput, and the task keeps waiting", async () => {
    const tokens = new TaskTokens();
    const refusals: string[] = [];
    const result = await run(single(), { question: "?" }, tokens, (token) =>
      setTimeout(() => {
        try {
          tokens.succeed(token, "{not json");
        } catch (error) {
          refusals.push((error as TaskTokenError).code);
        }
        tokens.succeed(token, '"fine"');
      }, 10),
    );

    expect(refusals).toEqual(["InvalidOutput"]);
    expect(result).toMatchObject({ status: "SUCCEEDED", output: { answer: "fine" } });
  });

  it("ends the waiting task of a Parallel branch cut short by its sibling's failure", async () => {
    const tokens = new TaskTokens();
    let token = "";
    const definition: StateMachineDefinition = {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "AskInBranch", States: { AskInBranch: { ...awaitTask(), End: true } } },
            {
              StartAt: "Pause",
              States: {
                Pause: { Type: "Wait", Seconds: 1, Next: "GiveUp" },
                GiveUp: { Type: "Fail", Error: "Deadline", Cause: "too late" },
              },
            },
          ],
          End: true,
        },
      },
    };
    const result = await run(definition, { question: "?" }, tokens, (given) => {
      token = given;
    });

    expect(result).toMatchObject({ status: "FAILED", error: "Deadline" });
    expect(() => tokens.succeed(token, "{}")).toThrow(expect.objectContaining({ code: "TaskTimedOut" }));
  });

  it("refuses a callback task when no token registry was given", async () => {
    await expect(runWorkflow(single(), {}, { invokeLambda: async () => ({}) })).rejects.toThrow("taskTokens");
  });
});
