import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { allStates, runLambdaTask, SfnLocalError, TaskFailure, toTaskFailure } from "../../src/index.ts";

const metadata = { httpStatusCode: 400, requestId: "req-1" };

describe("toTaskFailure", () => {
  it("names AWS errors as Step Functions does: service, dot, error with the Exception suffix", () => {
    const failure = toTaskFailure(
      "DynamoDB",
      new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: metadata }),
    );

    expect(failure.name).toBe("DynamoDB.ConditionalCheckFailedException");
    expect(failure.message).toBe(
      "The conditional request failed (Service: DynamoDB, Status Code: 400, Request ID: req-1)",
    );
    expect(
      toTaskFailure(
        "DynamoDb",
        new TransactionCanceledException({ message: "canceled", $metadata: metadata }),
      ).name,
    ).toBe("DynamoDb.TransactionCanceledException");
  });

  it("adds the suffix Step Functions always adds", () => {
    const throttled = Object.assign(new Error("slow down"), {
      name: "RequestThrottled",
      $fault: "client",
      $metadata: metadata,
    });

    expect(toTaskFailure("SQS", throttled).name).toBe("SQS.RequestThrottledException");
  });

  it("calls an error that never reached the service an SdkClientException", () => {
    expect(toTaskFailure("SNS", new Error("connect ECONNREFUSED 127.0.0.1:1")).name).toBe(
      "SNS.SdkClientException",
    );
  });
});

describe("runLambdaTask", () => {
  const invoke = "arn:aws:states:::lambda:invoke";
  const arn = "arn:aws:lambda:us-east-1:123456789012:function:f";

  it("answers lambda:invoke like the optimized integration, and a bare function ARN with the result itself", async () => {
    const echo = async (_arn: string, payload: unknown) => ({ echoed: payload });

    expect(await runLambdaTask(echo, invoke, { FunctionName: arn, Payload: { a: 1 } })).toEqual({
      ExecutedVersion: "$LATEST",
      Payload: { echoed: { a: 1 } },
      StatusCode: 200,
    });
    expect(await runLambdaTask(echo, arn, { a: 1 })).toEqual({ echoed: { a: 1 } });
  });

  it("reports a function error with its errorType as the error and the runtime's JSON as the cause", async () => {
    const crash = async () => {
      throw Object.assign(new Error("bad input"), { name: "PermanentError" });
    };

    const failure = await runLambdaTask(crash, invoke, { FunctionName: arn, Payload: {} }).catch(
      (error: Error) => error,
    );

    expect(failure).toBeInstanceOf(TaskFailure);
    expect((failure as Error).name).toBe("PermanentError");
    expect(JSON.parse((failure as Error).message)).toMatchObject({
      errorType: "PermanentError",
      errorMessage: "bad input",
    });
  });

  it("passes Lambda service errors through under their own names", async () => {
    const throttled = async () => {
      throw new TaskFailure("Lambda.TooManyRequestsException", "Rate Exceeded.");
    };

    await expect(runLambdaTask(throttled, invoke, { FunctionName: arn })).rejects.toMatchObject({
      name: "Lambda.TooManyRequestsException",
      message: "Rate Exceeded.",
    });
  });
});

describe("allStates", () => {
  it("finds states inside Parallel branches and Map processors, and refuses a name used twice", () => {
    const inner = { StartAt: "A", States: { A: { Type: "Succeed" } } };
    const machine = {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", Branches: [inner], Next: "M" },
        M: { Type: "Map", ItemProcessor: { StartAt: "B", States: { B: { Type: "Succeed" } } }, End: true },
      },
    };

    expect([...allStates(machine).keys()]).toEqual(["P", "A", "M", "B"]);
    expect(() =>
      allStates({ States: { ...machine.States, X: { Type: "Parallel", Branches: [inner] } } }),
    ).toThrow(SfnLocalError);
  });
});
