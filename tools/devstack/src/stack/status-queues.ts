import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { QueueConfig } from "../runtime-config.ts";
import type { InvocationMeter } from "./status-meter.ts";

/** One queue as the dashboard shows it: its depth, the age of its oldest message, its DLQ's depth. */
export interface QueueStatus {
  /** ApproximateNumberOfMessages: waiting to be received. */
  waiting: number;
  /** ApproximateNumberOfMessagesNotVisible: received, being handled (or to be retried). */
  inFlight: number;
  delayed: number;
  /**
   * Age of the oldest message in the queue, in seconds: 0 when it is empty, else from the
   * SentTimestamp of the messages the local poller received and has not deleted; null while
   * every message still waits unreceived (moto has no such attribute, nor has SQS: on AWS it is
   * the CloudWatch metric ApproximateAgeOfOldestMessage).
   */
  oldestAgeSeconds: number | null;
  /** Messages in the dead-letter queue. */
  deadLetters: number;
}

const attributesOf = async (sqs: SQSClient, queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return {
    waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
};

/** A queue's depth and its DLQ's, read as the emulator's administrator. */
export const readQueueStatus = async (
  sqs: SQSClient,
  queue: QueueConfig,
  meter: InvocationMeter,
  now = Date.now(),
): Promise<QueueStatus> => {
  const [depth, deadLetter] = await Promise.all([
    attributesOf(sqs, queue.url),
    queue.dlq_url ? attributesOf(sqs, queue.dlq_url) : undefined,
  ]);
  const empty = depth.waiting + depth.inFlight + depth.delayed === 0;
  if (empty) meter.forgetQueue(queue.arn);
  const oldest = empty ? now : meter.oldestUnsettled(queue.arn);
  return {
    ...depth,
    oldestAgeSeconds: oldest === undefined ? null : Math.max(0, Math.round((now - oldest) / 1000)),
    deadLetters: deadLetter?.waiting ?? 0,
  };
};
