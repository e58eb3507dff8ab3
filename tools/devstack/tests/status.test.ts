import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { IntegrationClients } from "@shoebox/sfn-local";
import { type MotoServer, startMoto } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorAdmin } from "../src/emulator-admin.ts";
import { EventsLog, type StackEvent } from "../src/events-log.ts";
import type { RuntimeConfig } from "../src/runtime-config.ts";
import { buildSqsEvent } from "../src/sqs-event.ts";
import { createStatusReader, type LocalStatus } from "../src/stack/status.ts";
import { InvocationMeter } from "../src/stack/status-meter.ts";
import { readQueueStatus } from "../src/stack/status-queues.ts";
import { STATUS_TEXT_PATH, serveStatus } from "../src/stack/status-server.ts";
import { statusLine } from "../src/stack/status-view.ts";
import { watchStatus } from "../src/stack/status-watch.ts";
import { LocalStateMachines } from "../src/state-machines.ts";
import { FunctionPool } from "../src/workers.ts";
import { makeZip } from "./support/zip.ts";

/*
 * The local status on real parts: moto holds the queues and the items, a real function pool runs
 * the invocations the meter counts, the local Step Functions runs the executions. Only the
 * delivery database's row count is a number here (the end-to-end suite reads real rows).
 */
const region = "eu-west-1";
const account = "123456789012";
const HANDLER = `
export const handler = async (event) => {
  if (event.action === "throw") throw new Error("broken");
  if (event.action === "sleep") await new Promise((r) => setTimeout(r, event.ms));
  if (Array.isArray(event.Records)) return event.Records[0].body === "fail" ? { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) } : { batchItemFailures: [] };
  return "ok";
};
`;
const machineArn = `arn:aws:states:${region}:${account}:stateMachine:shoebox-local-receipt-workflow`;

let moto: MotoServer;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let pool: FunctionPool;
let config: RuntimeConfig;

const table = async (name: string, sortKey: string) => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "ownerId", AttributeType: "S" },
        { AttributeName: sortKey, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "ownerId", KeyType: "HASH" },
        { AttributeName: sortKey, KeyType: "RANGE" },
      ],
    }),
  );
};

const put = (name: string, item: Record<string, string | number>) =>
  dynamodb.send(
    new PutItemCommand({
      TableName: name,
      Item: Object.fromEntries(
        Object.entries(item).map(([key, value]) => [
          key,
          typeof value === "number" ? { N: String(value) } : { S: value },
        ]),
      ),
    }),
  );

beforeAll(async () => {
  moto = await startMoto();
  const admin = emulatorAdmin(moto.endpoint, region);
  sqs = new SQSClient(admin);
  dynamodb = new DynamoDBClient(admin);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: "status-uploads-dlq" }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: "status-uploads",
      Attributes: {
        VisibilityTimeout: "30",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:${region}:${account}:status-uploads-dlq`,
          maxReceiveCount: 3,
        }),
      },
    }),
  );
  await Promise.all([table("photos", "photoId"), table("batches", "batchId"), table("receipts", "sk")]);
  await Promise.all([
    put("photos", { ownerId: "o", photoId: "p1", status: "PROCESSED" }),
    put("photos", { ownerId: "o", photoId: "p2", status: "PROCESSED" }),
    put("photos", { ownerId: "o", photoId: "p3", status: "FAILED" }),
    put("photos", { ownerId: "o", photoId: "p4", status: "PENDING" }),
    put("batches", { ownerId: "o", batchId: "done", expected: 2, processed: 1, failed: 1 }),
    put("batches", { ownerId: "o", batchId: "open", expected: 2, processed: 1 }),
    put("receipts", { ownerId: "o", sk: "REVIEW#p1", status: "PENDING" }),
    put("receipts", { ownerId: "o", sk: "REVIEW#p2", status: "APPROVED" }),
    put("receipts", { ownerId: "o", sk: "RECEIPT#p1", status: "PENDING" }),
  ]);

  const dir = mkdtempSync(join(tmpdir(), "devstack-status-"));
  const zipPath = join(dir, "fn.zip");
  writeFileSync(zipPath, makeZip({ "index.mjs": HANDLER }));
  const functionConfig = {
    function_name: "shoebox-local-thumbnail",
    file: zipPath,
    handler: "index.handler",
    timeout: 5,
    memory_size: 256,
    environment: {},
  };
  pool = new FunctionPool({
    name: "thumbnail",
    config: functionConfig,
    zipPath,
    codeDir: join(dir, "code"),
    awsEnvironment: {},
    region,
    accountId: account,
    maxConcurrency: 1,
  });
  await pool.prepare();
  const queueArn = `arn:aws:sqs:${region}:${account}:status-uploads`;
  config = {
    region,
    http_api: { endpoint: "", jwt_issuer: "", jwt_audience: [], routes: {} },
    functions: { thumbnail: functionConfig },
    event_source_mappings: {
      thumbnail: {
        queue_arn: queueArn,
        queue_url: queue.QueueUrl as string,
        batch_size: 10,
        maximum_batching_window_in_seconds: 0,
        maximum_concurrency: 1,
        function_response_types: ["ReportBatchItemFailures"],
      },
    },
    queues: {
      uploads: {
        url: queue.QueueUrl as string,
        arn: queueArn,
        dlq_url: dlq.QueueUrl as string,
        dlq_arn: `${queueArn}-dlq`,
        max_receive_count: 3,
        visibility_timeout_seconds: 30,
      },
    },
    buckets: {},
    tables: { photos: "photos", batches: "batches", receipts: "receipts" },
    topics: {},
    state_machines: {
      "receipt-workflow": {
        arn: machineArn,
        name: "shoebox-local-receipt-workflow",
        lambda_functions: {},
        definition: {
          StartAt: "Choose",
          States: {
            Choose: {
              Type: "Choice",
              Choices: [
                { Variable: "$.end", StringEquals: "fail", Next: "Fail" },
                { Variable: "$.end", StringEquals: "timeout", Next: "TimedOut" },
              ],
              Default: "Done",
            },
            Fail: { Type: "Fail", Error: "Receipt.Broken", Cause: "broken" },
            TimedOut: { Type: "Fail", Error: "States.Timeout", Cause: "no answer" },
            Done: { Type: "Succeed" },
          },
        },
      },
    },
    subscriptions: {},
  };
}, 60_000);

afterAll(async () => {
  await pool?.stop(100);
  sqs?.destroy();
  dynamodb?.destroy();
  await moto?.stop();
});

/** Receives what the queue holds, as the poller would, and builds the function's event of it. */
const receiveBatch = async () => {
  const queue = config.queues.uploads as RuntimeConfig["queues"][string];
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ["All"],
    }),
  );
  return { messages: Messages, event: buildSqsEvent(Messages, queue.arn, region) };
};

describe("the local status", () => {
  it("counts each function's invocations, errors, and the invocations that waited for a busy environment", async () => {
    const meter = new InvocationMeter(config);
    meter.instrument(new Map([["thumbnail", pool]]));

    await pool.invoke({ action: "ok" });
    await pool.invoke({ action: "throw" });
    // One environment at most: the second of two at once waits, as Lambda would throttle it.
    await Promise.all([pool.invoke({ action: "sleep", ms: 300 }), pool.invoke({ action: "ok" })]);

    expect(meter.functions()).toEqual({
      thumbnail: { invocations: 4, errors: 1, throttles: 1, running: 0 },
    });
  });

  it("ages a queue by the oldest message the poller received and did not delete; 0 once it is empty", async () => {
    const meter = new InvocationMeter(config);
    meter.instrument(new Map([["thumbnail", pool]]));
    const queue = config.queues.uploads as RuntimeConfig["queues"][string];
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: "fail" }));
    const sent = Date.now();
    const inAMinute = sent + 60_000;

    // Nothing received yet: the queue holds a message whose age nobody has seen.
    expect(await readQueueStatus(sqs, queue, meter, inAMinute)).toMatchObject({
      waiting: 1,
      oldestAgeSeconds: null,
    });

    // The function reports it failed: it stays in flight, and its age counts from when it was sent.
    const failing = await receiveBatch();
    await pool.invoke(failing.event);
    const retried = await readQueueStatus(sqs, queue, meter, inAMinute);
    expect(retried).toMatchObject({ waiting: 0, inFlight: 1, deadLetters: 0 });
    expect(retried.oldestAgeSeconds).toBeGreaterThanOrEqual(59);
    expect(retried.oldestAgeSeconds).toBeLessThanOrEqual(62);

    // Deleted (as a poller deletes what succeeded): the queue is empty, its age 0.
    for (const message of failing.messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
    expect(await readQueueStatus(sqs, queue, meter, inAMinute)).toMatchObject({
      waiting: 0,
      inFlight: 0,
      oldestAgeSeconds: 0,
    });
    expect(meter.oldestUnsettled(queue.arn)).toBeUndefined();
  });

  it("forgets a message the function handled: the poller deletes it", async () => {
    const meter = new InvocationMeter(config);
    meter.instrument(new Map([["thumbnail", pool]]));
    const queue = config.queues.uploads as RuntimeConfig["queues"][string];
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: "fine" }));
    const handled = await receiveBatch();
    await pool.invoke(handled.event);
    expect(meter.oldestUnsettled(queue.arn)).toBeUndefined();
    for (const message of handled.messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
  });

  it("reads photos by status, open batches, waiting reviews, workflows, deliveries and functions; serves them as JSON and tables", async () => {
    const meter = new InvocationMeter(config);
    meter.instrument(new Map([["thumbnail", pool]]));
    await pool.invoke({ action: "ok" });
    const log = new EventsLog({ write: () => {} });
    const machines = new LocalStateMachines({
      machines: config.state_machines,
      log,
      invoke: async () => ({ ok: true, result: null, durationMs: 0, requestId: "" }),
      clientsFor: () => ({}) as IntegrationClients,
    });
    const ends = ["done", "done", "fail", "timeout"];
    await Promise.all(
      ends.map(
        (end, index) =>
          machines.startExecution({
            stateMachineArn: machineArn,
            name: `e-${index}`,
            input: JSON.stringify({ end }),
          }).done,
      ),
    );
    const reader = createStatusReader({
      config,
      motoEndpoint: moto.endpoint,
      meter,
      executions: () => machines.executions.values(),
      countDeliveries: async () => 2,
    });
    const page = await serveStatus(reader.read);
    try {
      const status = (await (await fetch(page.url)).json()) as LocalStatus;
      expect(status).toMatchObject({
        photos: { PENDING: 1, PROCESSED: 2, FAILED: 1 },
        batches: { open: 1, total: 2 },
        reviews: { waiting: 1 },
        deliveries: { rows: 2 },
        queues: {
          uploads: { waiting: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: 0, deadLetters: 0 },
        },
        workflows: { "receipt-workflow": { running: 0, succeeded: 2, failed: 1, timedOut: 1 } },
        functions: { thumbnail: { invocations: 1, errors: 0, throttles: 0, running: 0 } },
      });

      const text = await fetch(page.url.replace(/\/_local\/status$/, STATUS_TEXT_PATH));
      expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
      const lines = (await text.text()).split("\n");
      expect(lines).toContain("photos      PENDING 1  PROCESSED 2  FAILED 1");
      expect(lines.find((line) => line.startsWith("receipt-workflow"))?.split(/\s+/)).toEqual([
        "receipt-workflow",
        "0",
        "2",
        "1",
        "1",
      ]);

      expect((await fetch(page.url.replace(/status$/, "nothing"))).status).toBe(404);
    } finally {
      await page.stop();
      reader.destroy();
    }
  });

  it("logs the one-line summary only when it changed", async () => {
    const status = (photos: number): LocalStatus => ({
      at: new Date().toISOString(),
      photos: { PENDING: 0, PROCESSED: photos, FAILED: 0 },
      batches: { open: 0, total: 1 },
      queues: {
        uploads: { waiting: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: 0, deadLetters: 2 },
      },
      workflows: {},
      reviews: { waiting: 0 },
      deliveries: { rows: 0 },
      functions: { thumbnail: { invocations: 3, errors: 1, throttles: 0, running: 0 } },
    });
    const sequence = [1, 1, 1, 2, 2];
    const events: StackEvent[] = [];
    const log = new EventsLog({ write: () => {} });
    log.on((event) => events.push(event));

    const stop = watchStatus(async () => status(sequence.shift() ?? 2), log, 10);
    while (sequence.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();

    expect(events.map((event) => [event.source, event.message])).toEqual([
      ["status", statusLine(status(1))],
      ["status", statusLine(status(2))],
    ]);
    expect(statusLine(status(2))).toBe(
      "photos 0 pending, 2 processed, 0 failed · 0 batches open · queued 0 · DLQ 2 (uploads 2) · workflows 0 running, 0 succeeded, 0 failed · reviews 0 waiting · delivered 0 · invocations 3, 1 error, 0 throttles",
    );
  });
});
