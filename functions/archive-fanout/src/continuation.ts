import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { correlationAttributes, objectsInNotification, retryLater } from "@shoebox/runtime";
import {
  type ArchiveContinuation,
  type ArchiveKey,
  ArchiveKeySchema,
  type ArchivesQueueRecord,
} from "@shoebox/schemas";

/*
 * An archive that takes more than one invocation's share (work-budget.ts) goes on in another:
 * the function sends itself a continuation on the archives queue, and the invocation that
 * receives it resumes at the cursor recorded on the batch. The message carries nothing else;
 * the batch item is the one place where progress is kept. Its correlationId message attribute
 * puts the upload's id on the next invocation's lines from its first one on.
 */

/** The archives a record asks for: the continued one, or those of the notification in `bucket`. */
export const archivesInRecord = (body: ArchivesQueueRecord["body"], bucket: string): ArchiveKey[] =>
  "continueArchive" in body ? [body.continueArchive] : objectsInNotification(body, bucket, ArchiveKeySchema);

/**
 * Sends the continuation of an archive, visible after `delaySeconds`. A failure is a
 * TransientError: the record that asked for the archive is retried instead, and resumes at
 * the same cursor.
 *
 * @example
 * await continueArchive(sqs, config.archivesQueueUrl, archive, 5);
 */
export const continueArchive = async (
  sqs: SQSClient,
  queueUrl: string,
  archive: ArchiveKey,
  delaySeconds: number,
): Promise<void> => {
  const body: ArchiveContinuation = { continueArchive: archive.key };
  await sqs
    .send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: delaySeconds,
        MessageAttributes: correlationAttributes(),
      }),
    )
    .catch(retryLater(`continuing the archive of batch ${archive.ownerId}/${archive.batchId}`));
};
