/*
 * Run by abort.test.ts in a process of its own: a callback task and a Wait, each with timeouts of
 * a day, aborted after they started. The process must then end by itself: nothing of the
 * executions may keep Node alive.
 */
import { runWorkflow, type StateMachineDefinition, TaskTokens } from "../../src/index.ts";

const waitForAnswer: StateMachineDefinition = {
  StartAt: "Ask",
  States: {
    Ask: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:ask-a-person",
        Payload: { "token.$": "$$.Task.Token" },
      },
      HeartbeatSeconds: 3600,
      TimeoutSeconds: 86_400,
      Next: "Remind later",
    },
    "Remind later": { Type: "Wait", Seconds: 86_400, End: true },
  },
};

const stop = new AbortController();
const running = runWorkflow(
  waitForAnswer,
  {},
  { taskTokens: new TaskTokens(), signal: stop.signal, invokeLambda: async () => ({}) },
);
setTimeout(() => stop.abort(), 50);
console.log(JSON.stringify(await running));
