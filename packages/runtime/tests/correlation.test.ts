import { readFileSync } from "node:fs";
import { PhotoProcessedRecordSchema } from "@shoebox/schemas";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSEvent,
  SQSRecord,
} from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  correlationAttributes,
  countMetric,
  httpHandler,
  json,
  logger,
  setCorrelationId,
  sqsBatchHandler,
  TransientError,
  withCorrelationId,
  workflowTaskHandler,
} from "../src/index.ts";

/*
 * What the logger and Powertools metrics really print: every line written to stdout and stderr
 * while a test runs, parsed (both print one JSON object per line).
 */
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(...String(chunk).split("\n").filter(Boolean));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const printedJson = () => printed.map((line) => JSON.parse(line) as Record<string, unknown>);
const logLines = () => printedJson().filter((line) => "message" in line);
const linesSaying = (message: string) => logLines().filter((line) => line.message === message);
const emfDocuments = () => printedJson().filter((line) => "_aws" in line);

const {
  Records: [fixtureRecord],
} = JSON.parse(readFileSync(new URL("events/sqs/photo-processed.json", import.meta.url), "utf8")) as {
  Records: [SQSRecord];
};
const photoIds = ["01KAXG3W7R5N8ZK4T2B9C6D1E1", "01KAXG3W7R5N8ZK4T2B9C6D1E2", "01KAXG3W7R5N8ZK4T2B9C6D1E3"];

/** The fixture's record about another photo, with a `correlationId` message attribute when given one. */
const record = (index: number, correlationId?: string): SQSRecord => ({
  ...fixtureRecord,
  messageId: `m-${index}`,
  body: JSON.stringify({ ...JSON.parse(fixtureRecord.body), photoId: photoIds[index] }),
  messageAttributes: correlationId
    ? {
        correlationId: {
          stringValue: correlationId,
          dataType: "String",
          stringListValues: [],
          binaryListValues: [],
        },
      }
    : {},
});
const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const context = { functionName: "test", awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678" } as Context;

/** A handler that logs three lines per record, yielding in between, so records handled at once interleave. */
const chattyHandler = (oneAtATime: boolean) =>
  sqsBatchHandler({ record: PhotoProcessedRecordSchema, oneAtATime }, async ({ body }) => {
    for (const step of [1, 2, 3]) {
      logger.info("working", { photoId: body.photoId, step });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  });

describe("the correlation id on log lines", () => {
  it.each([
    ["all at once", false],
    ["one after another", true],
  ])("never puts one record's id on another record's lines, records handled %s", async (_, oneAtATime) => {
    const handler = chattyHandler(oneAtATime);

    await handler(sqsEvent(record(0, "upload-aaaa-0001"), record(1, "upload-bbbb-0002"), record(2)), context);

    const lines = linesSaying("working");
    expect(lines).toHaveLength(9);
    expect(lines.filter((line) => line.photoId === photoIds[0]).map((line) => line.correlationId)).toEqual([
      "upload-aaaa-0001",
      "upload-aaaa-0001",
      "upload-aaaa-0001",
    ]);
    expect(lines.filter((line) => line.photoId === photoIds[1]).map((line) => line.correlationId)).toEqual([
      "upload-bbbb-0002",
      "upload-bbbb-0002",
      "upload-bbbb-0002",
    ]);
    // The record without an id follows one that had an id: nothing carries over.
    expect(
      lines.filter((line) => line.photoId === photoIds[2]).every((line) => !("correlationId" in line)),
    ).toBe(true);
  });

  it("keeps an id a record's handler found to that record, and puts it on the record's failure line", async () => {
    const handler = sqsBatchHandler(
      { record: PhotoProcessedRecordSchema, oneAtATime: true },
      async ({ body }) => {
        if (body.photoId === photoIds[0]) {
          setCorrelationId("found-in-metadata");
          throw new TransientError("throttled");
        }
        logger.info("working", { photoId: body.photoId });
      },
    );

    const response = await handler(sqsEvent(record(0), record(1)), context);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-0" }]);
    expect(linesSaying("record returned to the queue")).toEqual([
      expect.objectContaining({ messageId: "m-0", correlationId: "found-in-metadata" }),
    ]);
    expect(linesSaying("working")).toEqual([
      expect.not.objectContaining({ correlationId: expect.anything() }),
    ]);
  });

  it("ignores a message attribute that is not a safe token", async () => {
    await chattyHandler(true)(sqsEvent(record(0, 'bad id\n{"level":"ERROR"}')), context);

    expect(linesSaying("working").every((line) => !("correlationId" in line))).toBe(true);
  });

  it("takes a workflow task's id from its payload", async () => {
    const handler = workflowTaskHandler(async (payload) => {
      logger.info("task ran", { payload });
      return "done";
    });

    expect(await handler({ correlationId: "upload-cccc-0003" }, context)).toBe("done");
    await handler({ photoId: photoIds[0] }, context);

    expect(linesSaying("task ran").map((line) => line.correlationId)).toEqual([
      "upload-cccc-0003",
      undefined,
    ]);
  });
});

describe("the correlation id of an HTTP request", () => {
  const event = (headers: Record<string, string> = {}) =>
    ({
      version: "2.0",
      routeKey: "POST /uploads",
      rawPath: "/uploads",
      headers,
      requestContext: {
        requestId: "Hk3nXj1moAMEYxw=",
        authorizer: { jwt: { claims: { iss: "https://i.example.com/", sub: "u1" }, scopes: null } },
        http: { method: "POST" },
      },
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const handler = httpHandler({}, async ({ correlationId }) => {
    logger.info("handled");
    return json(200, { correlationId });
  });
  const idOf = async (headers?: Record<string, string>) => {
    const response = (await handler(event(headers), context)) as APIGatewayProxyStructuredResultV2;
    return JSON.parse(String(response.body)).correlationId;
  };

  it("is API Gateway's request id, on the handler's request and its log lines", async () => {
    expect(await idOf()).toBe("Hk3nXj1moAMEYxw=");
    expect(linesSaying("handled")).toEqual([expect.objectContaining({ correlationId: "Hk3nXj1moAMEYxw=" })]);
  });

  it("is the client's X-Correlation-Id when that is a safe token, and the request id when not", async () => {
    expect(await idOf({ "x-correlation-id": "verify-deploy-01" })).toBe("verify-deploy-01");
    expect(await idOf({ "x-correlation-id": "no spaces please" })).toBe("Hk3nXj1moAMEYxw=");
  });
});

describe("correlationAttributes", () => {
  it("is the scope's id as a String message attribute, and nothing outside a scope", async () => {
    expect(correlationAttributes()).toEqual({});
    expect(await withCorrelationId("upload-dddd-0004", async () => correlationAttributes())).toEqual({
      correlationId: { DataType: "String", StringValue: "upload-dddd-0004" },
    });
  });
});

describe("metrics", () => {
  it("prints one EMF document per invocation, namespace shoebox, dimension service, and none when nothing was counted", async () => {
    const handler = sqsBatchHandler({ record: PhotoProcessedRecordSchema }, async ({ body }) => {
      if (body.photoId !== photoIds[2]) countMetric("ReceiptsStarted");
    });

    await handler(sqsEvent(record(0), record(1)), context);
    await handler(sqsEvent(record(2)), context);

    const [document, ...others] = emfDocuments();
    expect(others).toEqual([]);
    expect(document).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "shoebox",
            Dimensions: [["service"]],
            Metrics: [{ Name: "ReceiptsStarted", Unit: "Count" }],
          },
        ],
      },
      service: expect.any(String),
      ReceiptsStarted: [1, 1],
    });
    expect(printedJson().filter((line) => String(line.message).includes("No application metrics"))).toEqual(
      [],
    );
  });
});
