import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { type MotoServer, startMoto } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventsLog, type StackEvent } from "../src/events-log.ts";
import type { SqsEvent } from "../src/sqs-event.ts";
import { SqsPoller } from "../src/sqs-poller.ts";
import type { InvokeResult } from "../src/workers.ts";

let moto: MotoServer;
let sqs: SQSClient;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient({
    endpoint: moto.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}, 30_000);

afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
});

const queueWithDlq = async (name: string, maxReceiveCount: number) => {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = `arn:aws:sqs:eu-west-1:123456789012:${name}-dlq`;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: "2",
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  return {
    url: queue.QueueUrl as string,
    arn: `arn:aws:sqs:eu-west-1:123456789012:${name}`,
    dlqUrl: dlq.QueueUrl as string,
  };
};

const count = async (url: string) => {
  const response = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(response.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(response.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

const until = async (condition: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
};

describe("SqsPoller against moto", () => {
  it("deletes the successes, leaves reported failures to the redrive policy, so poison reaches the DLQ", async () => {
    const queue = await queueWithDlq("poller-partial", 2);
    const events: SqsEvent[] = [];
    const lines: StackEvent[] = [];
    const log = new EventsLog({ write: () => {} });
    log.on((event) => lines.push(event));
    const poller = new SqsPoller({
      name: "consumer",
      mapping: {
        queue_arn: queue.arn,
        queue_url: queue.url,
        batch_size: 10,
        // Shorter than the 2 s visibility timeout: a batch is settled before its messages reappear.
        maximum_batching_window_in_seconds: 0,
        maximum_concurrency: 2,
        function_response_types: ["ReportBatchItemFailures"],
      },
      region: "eu-west-1",
      sqs,
      log,
      maxReceiveCount: 2,
      waitTimeSeconds: 1,
      invoke: async (event): Promise<InvokeResult> => {
        events.push(event);
        const poison = event.Records.filter((record) => record.body === "poison").map((record) => ({
          itemIdentifier: record.messageId,
        }));
        return { ok: true, result: { batchItemFailures: poison }, durationMs: 1, requestId: "r" };
      },
    });
    for (const body of ["good-1", "poison", "good-2"]) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.url,
          MessageBody: body,
          MessageAttributes: { ownerSub: { DataType: "String", StringValue: "user-1" } },
        }),
      );
    }
    poller.start();
    try {
      expect(await until(async () => (await count(queue.dlqUrl)) === 1, 20_000)).toBe(true);
      expect(await until(async () => (await count(queue.url)) === 0, 5_000)).toBe(true);
    } finally {
      await poller.stop();
    }

    const records = events.flatMap((event) => event.Records);
    expect(records.filter((record) => record.body === "good-1")).toHaveLength(1);
    expect(records.filter((record) => record.body === "good-2")).toHaveLength(1);
    const poison = records.filter((record) => record.body === "poison");
    expect(poison.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(["1", "2"]);
    expect(records[0]).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: queue.arn,
      awsRegion: "eu-west-1",
      messageAttributes: { ownerSub: { stringValue: "user-1", dataType: "String" } },
    });
    const dlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl }));
    expect(dlq.Messages?.[0]?.Body).toBe("poison");
    expect(lines.some((line) => /1 failed \(receive 2 of 2: next stop the DLQ\)/.test(line.message))).toBe(
      true,
    );
    expect(poller.stats.succeeded).toBe(2);
  }, 30_000);

  it("keeps the whole batch when the function fails, and stops promptly while long-polling", async () => {
    const queue = await queueWithDlq("poller-error", 5);
    let invocations = 0;
    const poller = new SqsPoller({
      name: "consumer",
      mapping: {
        queue_arn: queue.arn,
        queue_url: queue.url,
        batch_size: 5,
        maximum_batching_window_in_seconds: 0,
        maximum_concurrency: 1,
        function_response_types: ["ReportBatchItemFailures"],
      },
      region: "eu-west-1",
      sqs,
      log: new EventsLog({ write: () => {} }),
      invoke: async (): Promise<InvokeResult> => {
        invocations++;
        return {
          ok: false,
          error: { errorType: "Error", errorMessage: "boom" },
          durationMs: 1,
          requestId: "r",
        };
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: "a" }));
    poller.start();
    expect(await until(async () => invocations >= 1, 10_000)).toBe(true);
    const stopping = Date.now();
    await poller.stop();
    expect(Date.now() - stopping).toBeLessThan(3000);
    expect(await count(queue.url)).toBe(1);
    expect(poller.stats.errors).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("never runs more batches at once than the mapping's maximum_concurrency (the cap delivery's database relies on)", async () => {
    const queue = await queueWithDlq("poller-cap", 5);
    let inFlight = 0;
    let peak = 0;
    let delivered = 0;
    const poller = new SqsPoller({
      name: "receipt-delivery",
      mapping: {
        queue_arn: queue.arn,
        queue_url: queue.url,
        batch_size: 1,
        maximum_batching_window_in_seconds: 0,
        maximum_concurrency: 2,
        function_response_types: ["ReportBatchItemFailures"],
      },
      region: "eu-west-1",
      sqs,
      log: new EventsLog({ write: () => {} }),
      waitTimeSeconds: 1,
      // A default higher than the cap: the mapping's own maximum_concurrency must win.
      defaultConcurrency: 10,
      invoke: async (event): Promise<InvokeResult> => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 150));
        inFlight--;
        delivered += event.Records.length;
        return { ok: true, result: { batchItemFailures: [] }, durationMs: 150, requestId: "r" };
      },
    });
    for (let index = 0; index < 12; index++)
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: `receipt-${index}` }));
    expect(poller.concurrency).toBe(2);
    poller.start();
    try {
      expect(await until(async () => delivered === 12, 20_000)).toBe(true);
    } finally {
      await poller.stop();
    }
    expect(peak).toBe(2);
  }, 30_000);
});
