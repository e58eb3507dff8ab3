import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { lambdaContext, loadEvent } from "../helpers/events.ts";

/*
 * What scripts/smoke-test.mjs does with the bundled zip: load the handler (sharp included)
 * with smoke.json's environment, AWS pointed at a port nobody listens on, invoke it with
 * smoke.json's event, and compare the answer with its `expect`. Any AWS call would fail the record.
 */
interface SmokeEvent {
  env: Record<string, string>;
  event: SQSEvent;
  expect: SQSBatchResponse;
}
const smoke = loadEvent<SmokeEvent>("smoke");
let handler: typeof import("../../src/handler.ts")["handler"];

beforeAll(async () => {
  Object.assign(process.env, smoke.env, {
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "none",
    AWS_SECRET_ACCESS_KEY: "none",
  });
  ({ handler } = await import("../../src/handler.ts"));
});

describe("handler smoke event", () => {
  it("answers smoke.json's s3:TestEvent as it expects, with no AWS call", async () => {
    // Act
    const response = await handler(smoke.event, lambdaContext);

    // Assess
    expect(response).toEqual(smoke.expect);
    expect(smoke.expect).toEqual({ batchItemFailures: [] });
  });
});
