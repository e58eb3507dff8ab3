import { ChangeMessageVisibilityBatchCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { logger } from "@shoebox/runtime";
import type { SQSRecord } from "aws-lambda";

export interface RetryDelaySettings {
  baseSeconds: number;
  maxSeconds: number;
}

/** SQS's own ceiling for a visibility timeout: 12 hours. */
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/**
 * How long a message waits before its next attempt: base, doubled per receive, capped.
 *
 * @example
 * retryDelaySeconds(3, { baseSeconds: 30, maxSeconds: 900 }); // 120
 */
export const retryDelaySeconds = (receiveCount: number, settings: RetryDelaySettings): number =>
  Math.min(
    settings.maxSeconds,
    SQS_MAX_VISIBILITY_SECONDS,
    settings.baseSeconds * 2 ** Math.max(0, receiveCount - 1),
  );

/** arn:aws:sqs:eu-west-1:123456789012:name -> { QueueName: "name", QueueOwnerAWSAccountId: "123456789012" } */
export const queueOf = (queueArn: string) => {
  const [, , , , account, name] = queueArn.split(":");
  return { QueueName: name, QueueOwnerAWSAccountId: account };
};

/*
 * The URL is asked of SQS rather than built from the ARN: the SDK sends a call to the host of
 * its QueueUrl, so a URL built for AWS would bypass a local emulator's endpoint.
 */
const queueUrls = new Map<string, Promise<string | undefined>>();
const queueUrlOf = (sqs: SQSClient, queueArn: string): Promise<string | undefined> => {
  let url = queueUrls.get(queueArn);
  if (!url) {
    url = sqs.send(new GetQueueUrlCommand(queueOf(queueArn))).then((result) => result.QueueUrl);
    url.catch(() => queueUrls.delete(queueArn));
    queueUrls.set(queueArn, url);
  }
  return url;
};

/**
 * Backs off the messages that failed because the database was unavailable: each one's
 * visibility timeout becomes `retryDelaySeconds(receiveCount)`, so a long outage spends few of
 * the queue's maxReceiveCount receives and nothing reaches the DLQ only because the database
 * was down. Best effort: if this call fails, the queue's own visibility timeout applies.
 */
export const delayRetries = async (
  sqs: SQSClient,
  records: readonly SQSRecord[],
  settings: RetryDelaySettings,
): Promise<void> => {
  const byQueue = new Map<string, SQSRecord[]>();
  for (const record of records)
    byQueue.set(record.eventSourceARN, [...(byQueue.get(record.eventSourceARN) ?? []), record]);
  for (const [queueArn, queued] of byQueue) {
    for (let start = 0; start < queued.length; start += 10) {
      const entries = queued.slice(start, start + 10).map((record, index) => ({
        Id: String(index),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: retryDelaySeconds(
          Number(record.attributes.ApproximateReceiveCount) || 1,
          settings,
        ),
      }));
      try {
        const queueUrl = await queueUrlOf(sqs, queueArn);
        const result = await sqs.send(
          new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
        );
        if (result.Failed?.length) {
          logger.warn("some retries could not be delayed; they return after the queue's visibility timeout", {
            failed: result.Failed.map((failure) => failure.Code),
          });
        }
      } catch (error) {
        logger.warn("could not delay the retries; they return after the queue's visibility timeout", {
          reason: String(error),
        });
      }
    }
  }
};
