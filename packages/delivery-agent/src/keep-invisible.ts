import { ChangeMessageVisibilityBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

export interface HeldMessage {
  MessageId?: string;
  ReceiptHandle?: string;
}

/**
 * Keeps messages hidden from other consumers while a slow write runs: every half visibility
 * timeout their timeout is extended by a whole one. `release()` stops extending; a message that
 * was not deleted then returns to the queue when its timeout runs out.
 *
 * @example
 * const hold = keepInvisible(sqs, queueUrl, messages, 60);
 * try { await write(); } finally { hold.release(); }
 */
export const keepInvisible = (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly HeldMessage[],
  visibilityTimeoutSeconds: number,
  onError: (error: unknown) => void = () => undefined,
): { release(): void } => {
  const extend = async () => {
    for (let start = 0; start < messages.length; start += 10) {
      const entries = messages.slice(start, start + 10).map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: visibilityTimeoutSeconds,
      }));
      await sqs
        .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
        .catch(onError);
    }
  };
  const timer = setInterval(() => void extend(), (visibilityTimeoutSeconds * 1000) / 2);
  return { release: () => clearInterval(timer) };
};
