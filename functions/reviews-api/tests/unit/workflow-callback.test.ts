import { InvalidToken, TaskDoesNotExist, TaskTimedOut } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { isTaskGone, isTransient } from "../../src/workflow-callback.ts";

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** An error as the SDK throws it: a name, who is at fault, and the HTTP status. */
const sdkError = (name: string, fault: "client" | "server", httpStatusCode: number) =>
  Object.assign(new Error(name), { name, $fault: fault, ...metadata(httpStatusCode) });

describe("isTaskGone", () => {
  it.each([
    ["TaskTimedOut", new TaskTimedOut({ message: "timed out", ...metadata(400) })],
    ["InvalidToken", new InvalidToken({ message: "invalid", ...metadata(400) })],
    ["TaskDoesNotExist", new TaskDoesNotExist({ message: "gone", ...metadata(400) })],
  ])("knows %s: the workflow no longer waits", (_, error) => {
    expect(isTaskGone(error)).toBe(true);
  });

  it("does not take throttling or a server error for an ended task", () => {
    expect(isTaskGone(sdkError("ThrottlingException", "client", 400))).toBe(false);
    expect(isTaskGone(sdkError("InternalServerError", "server", 500))).toBe(false);
  });
});

describe("isTransient", () => {
  it.each([
    ["throttling", sdkError("ThrottlingException", "client", 400)],
    ["a server error", sdkError("ServiceUnavailable", "server", 503)],
    ["no answer at all", Object.assign(new Error("connect ECONNREFUSED"), { name: "Error" })],
  ])("is true for %s", (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["a missing permission", sdkError("AccessDeniedException", "client", 400)],
    ["an output Step Functions refuses", sdkError("InvalidOutput", "client", 400)],
  ])("is false for %s, which no retry fixes", (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
