import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  type DeliveryConnection,
  type DeliveryOutcome,
  deliverReceipts,
  isDelivered,
} from "@shoebox/pg-delivery";
import { TransientError } from "@shoebox/runtime";
import { type DeliveryMessage, DeliveryMessageSchema } from "@shoebox/schemas";
import { keepInvisible } from "./keep-invisible.ts";
import type { Progress } from "./progress.ts";

export interface WorkerSettings {
  queueUrl: string;
  /** Long polling: how long one receive waits for messages (SQS allows up to 20 s). */
  waitSeconds: number;
  /** How long received messages stay hidden; extended while a write runs. */
  visibilityTimeoutSeconds: number;
  /** Stop when a receive comes back empty (a catch-up run from cron) instead of polling forever. */
  untilEmpty: boolean;
  /** Backoff between attempts while the database is unavailable: doubles from 1 s up to this. */
  maxRetryDelaySeconds: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });

/** The receipt a message carries, or why it is none (the issues name fields, never their values). */
const parse = (message: Message): { receipt: DeliveryMessage } | { problem: string } => {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? "");
  } catch {
    return { problem: "the message is not JSON" };
  }
  const parsed = DeliveryMessageSchema.safeParse(body);
  if (parsed.success) return { receipt: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  return { problem: `the message breaks the delivery schema (${issues})` };
};

/**
 * One poll-and-write loop over its own database connection, until `stop` aborts. A message is
 * deleted only after its receipt is committed. While the database is unavailable the worker
 * keeps its batch, extends its visibility and retries with backoff, so an outage spends no
 * receives; on `stop` it finishes the write in progress and leaves the rest to reappear on the
 * queue. Invalid and refused messages are left alone: the queue's redrive policy takes them to
 * the DLQ after maxReceiveCount.
 */
export const runWorker = async (
  sqs: SQSClient,
  connection: DeliveryConnection,
  settings: WorkerSettings,
  progress: Progress,
  stop: AbortSignal,
): Promise<void> => {
  while (!stop.aborted) {
    let messages: Message[];
    try {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: settings.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: settings.waitSeconds,
          VisibilityTimeout: settings.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        { abortSignal: stop },
      );
      messages = received.Messages ?? [];
    } catch (error) {
      if (stop.aborted) return;
      progress.problem(`receiving from the queue failed: ${(error as Error).message}`);
      await sleep(5_000, stop);
      continue;
    }
    if (messages.length === 0) {
      if (settings.untilEmpty) return;
      continue;
    }
    await deliverMessages(sqs, connection, settings, progress, stop, messages);
  }
};

const deliverMessages = async (
  sqs: SQSClient,
  connection: DeliveryConnection,
  settings: WorkerSettings,
  progress: Progress,
  stop: AbortSignal,
  messages: Message[],
): Promise<void> => {
  const pending = new Map<Message, DeliveryMessage>();
  for (const message of messages) {
    const parsed = parse(message);
    if ("receipt" in parsed) pending.set(message, parsed.receipt);
    else progress.rejected(message.MessageId, parsed.problem);
  }
  const hold = keepInvisible(
    sqs,
    settings.queueUrl,
    [...pending.keys()],
    settings.visibilityTimeoutSeconds,
    (error) => progress.problem(`extending visibility failed: ${(error as Error).message}`),
  );
  try {
    for (let attempt = 0; pending.size > 0; attempt++) {
      const outcomes = await deliverReceipts(connection, [...pending.values()]);
      const committed: Message[] = [];
      let unavailable: TransientError | undefined;
      for (const [message, receipt] of pending) {
        const outcome = outcomes.get(receipt.receiptId) as DeliveryOutcome;
        if (isDelivered(outcome)) {
          committed.push(message);
          progress.delivered(outcome.result);
        } else if (outcome.error instanceof TransientError) {
          unavailable = outcome.error;
          continue;
        } else progress.rejected(message.MessageId, outcome.error.message);
        pending.delete(message);
      }
      await deleteMessages(sqs, settings.queueUrl, committed, progress);
      if (!unavailable || stop.aborted) break;
      const delayMs = Math.min(settings.maxRetryDelaySeconds, 2 ** attempt) * 1000;
      progress.problem(
        `the database is unavailable, retrying ${pending.size} in ${delayMs / 1000} s: ${unavailable.message}`,
      );
      await sleep(delayMs, stop);
    }
  } finally {
    hold.release();
  }
};

/**
 * Deletes committed messages. A delete that fails leaves its message to come back, and the
 * idempotent upsert then writes nothing twice.
 */
const deleteMessages = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
  progress: Progress,
) => {
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages
      .slice(start, start + 10)
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle }));
    try {
      const result = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      if (result.Failed?.length)
        progress.problem(
          `${result.Failed.length} committed message(s) not deleted; they come back and are skipped`,
        );
    } catch (error) {
      progress.problem(
        `deleting committed messages failed (they come back and are skipped): ${(error as Error).message}`,
      );
    }
  }
};
