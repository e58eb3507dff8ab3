import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { TaskAnswer } from "./review-decision.ts";

/*
 * The review API's side of the workflow's waitForTaskToken task: the decision handed back with
 * the task's token, and heartbeats while the owner looks at the review.
 */

const nameOf = (error: unknown): string | undefined => (error as { name?: string } | undefined)?.name;

/**
 * Step Functions no longer waits for this token: the task timed out (its heartbeat or hard
 * deadline passed), its execution ended, or the token is not one it issued.
 */
export const isTaskGone = (error: unknown): boolean =>
  ["TaskTimedOut", "InvalidToken", "TaskDoesNotExist"].includes(nameOf(error) ?? "");

/**
 * Worth trying again shortly: throttling, a server error (after the SDK's own retries), or no
 * answer at all (a network error has no HTTP status).
 */
export const isTransient = (error: unknown): boolean => {
  const failure = error as { $fault?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return (
    failure?.$fault === "server" ||
    /Throttl|TooManyRequests/.test(nameOf(error) ?? "") ||
    failure?.$metadata?.httpStatusCode === undefined
  );
};

/** SendTaskSuccess with the decision as the task's output, or SendTaskFailure for a rejection. */
export const sendTaskAnswer = async (
  sfn: SFNClient,
  taskToken: string,
  answer: TaskAnswer,
): Promise<void> => {
  if (answer.kind === "success") {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(answer.output) }));
  } else {
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: answer.error, cause: answer.cause }));
  }
};

/** Tells the waiting task the owner is there, which restarts its HeartbeatSeconds. */
export const sendHeartbeat = async (sfn: SFNClient, taskToken: string): Promise<void> => {
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
};
