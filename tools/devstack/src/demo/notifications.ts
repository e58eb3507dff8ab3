import { setTimeout as sleep } from "node:timers/promises";
import { SNSClient } from "@aws-sdk/client-sns";
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { emulatorAdmin } from "../emulator-admin.ts";
import { subscribeCaptureQueue } from "../stack/topic-capture.ts";
import type { Stack } from "../stack.ts";

/** A notification as the demo counts it: whose photo, which event. */
type SeenNotification = { eventType?: string; photoId?: string };

export interface NotificationCounter {
  seen: SeenNotification[];
  /** Waits until `expected` notifications arrived or the queue stays empty for a while. */
  settle(expected: number): Promise<void>;
  stop(): Promise<void>;
}

/** The demo's queue on the events topic, and what has arrived on it so far. */
interface NotificationQueue {
  sqs: SQSClient;
  url: string | undefined;
  seen: SeenNotification[];
}

/** One long poll of the queue: what arrived goes into `seen` (an unreadable body as `{}`), then off the queue. */
const receive = async (
  { sqs, url: queueUrl, seen }: NotificationQueue,
  signal: AbortSignal,
): Promise<void> => {
  const response = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }),
    { abortSignal: signal },
  );
  const messages = response.Messages ?? [];
  for (const message of messages) {
    try {
      seen.push(JSON.parse(message.Body ?? "{}"));
    } catch {
      seen.push({});
    }
  }
  if (messages.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map(({ ReceiptHandle }, index) => ({ Id: String(index), ReceiptHandle })),
      }),
    );
  }
};

const settle = async ({ sqs, url: queueUrl, seen }: NotificationQueue, expected: number): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (seen.length < expected && Date.now() < deadline) await sleep(200);
  const attributes = await sqs
    .send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    )
    .catch(() => undefined);
  if (Number(attributes?.Attributes?.ApproximateNumberOfMessages ?? 0) > 0) await sleep(3000);
};

/** Subscribes a fresh queue to the events topic and counts what arrives there. */
export const countNotifications = async (stack: Stack): Promise<NotificationCounter> => {
  const topicArn = stack.config.topics.events;
  const seen: SeenNotification[] = [];
  if (!topicArn) return { seen, stop: async () => {}, settle: async () => {} };
  const admin = emulatorAdmin(stack.motoEndpoint, stack.config.region);
  const sqs = new SQSClient(admin);
  const sns = new SNSClient(admin);
  const queue: NotificationQueue = {
    sqs,
    url: await subscribeCaptureQueue(
      { sqs, sns },
      { name: `devstack-demo-notifications-${Date.now()}`, region: stack.config.region, topicArn, raw: true },
    ),
    seen,
  };
  let stopped = false;
  const controller = new AbortController();
  const loop = (async () => {
    while (!stopped) {
      try {
        await receive(queue, controller.signal);
      } catch {
        if (!stopped) await sleep(500);
      }
    }
  })();
  return {
    seen,
    settle: (expected) => settle(queue, expected),
    stop: async () => {
      stopped = true;
      controller.abort();
      await loop;
      sqs.destroy();
      sns.destroy();
    },
  };
};
