import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, DeleteTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient, s3Client, snsClient, sqsClient } from "@shoebox/runtime";
import { uploadKey } from "@shoebox/schemas";
import { createBatchesTable, createBucket, createPhotosTable as createTable } from "@shoebox/testing";
import { testEnvironment } from "./events.ts";

/*
 * The function's AWS resources on a local emulator (moto), named as in testEnvironment, plus a
 * queue subscribed to the events topic so tests can read what was published.
 */

const PUBLISHED_QUEUE = "shoebox-dev-events-inbox";
let publishedQueueUrl = "";
// Deleting a table is not the document client's business; built on first use, after the
// tests pointed AWS_ENDPOINT_URL at moto.
let tableAdmin: DynamoDBClient | undefined;
const tables = (): DynamoDBClient => {
  tableAdmin ??= new DynamoDBClient({});
  return tableAdmin;
};

export const createPhotosTable = (): Promise<void> => createTable(testEnvironment.PHOTOS_TABLE);

export const deletePhotosTable = async (): Promise<void> => {
  await tables().send(new DeleteTableCommand({ TableName: testEnvironment.PHOTOS_TABLE }));
};

/** Creates the events topic (same name, same ARN) and subscribes the inbox queue to it. */
export const createEventsTopic = async (): Promise<void> => {
  const { TopicArn } = await snsClient().send(new CreateTopicCommand({ Name: "shoebox-dev-events" }));
  if (TopicArn !== testEnvironment.EVENTS_TOPIC_ARN) throw new Error(`unexpected topic ARN ${TopicArn}`);
  const { QueueUrl } = await sqsClient().send(new CreateQueueCommand({ QueueName: PUBLISHED_QUEUE }));
  publishedQueueUrl = QueueUrl ?? "";
  const { Attributes } = await sqsClient().send(
    new GetQueueAttributesCommand({ QueueUrl: publishedQueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await snsClient().send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));
};

export const deleteEventsTopic = async (): Promise<void> => {
  await snsClient().send(new DeleteTopicCommand({ TopicArn: testEnvironment.EVENTS_TOPIC_ARN }));
};

export const createResources = async (): Promise<void> => {
  await createBucket(testEnvironment.UPLOADS_BUCKET);
  await s3Client().send(
    new PutBucketVersioningCommand({
      Bucket: testEnvironment.UPLOADS_BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
  await createBucket(testEnvironment.THUMBNAILS_BUCKET);
  await createPhotosTable();
  await createBatchesTable(testEnvironment.BATCHES_TABLE);
  await createEventsTopic();
};

/** An SNS message as the subscribed queue receives it (not raw delivery): body and attributes. */
export interface PublishedMessage {
  body: Record<string, unknown>;
  attributes: Record<string, { Type: string; Value: string }>;
}

/** Every message published since the last call, oldest first; the inbox is emptied. */
export const drainPublished = async (): Promise<PublishedMessage[]> => {
  const published: PublishedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({ QueueUrl: publishedQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return published;
    for (const message of Messages) {
      const envelope = JSON.parse(message.Body ?? "{}");
      published.push({ body: JSON.parse(envelope.Message), attributes: envelope.MessageAttributes ?? {} });
    }
    await sqsClient().send(
      new DeleteMessageBatchCommand({
        QueueUrl: publishedQueueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
};

/**
 * What a client does with its presigned POST: the original lands in the uploads bucket, which
 * is versioned as Terraform makes it, with the metadata the POST's policy demands (the
 * correlation id: `{ "correlation-id": id }`). Returns the version S3 created.
 */
export const putOriginal = async (
  key: string,
  original: Uint8Array,
  metadata?: Record<string, string>,
): Promise<string> => {
  const { VersionId } = await s3Client().send(
    new PutObjectCommand({
      Bucket: testEnvironment.UPLOADS_BUCKET,
      Key: key,
      Body: original,
      Metadata: metadata,
    }),
  );
  return VersionId ?? "";
};

/** The versions of an original, newest first, with their bytes. */
export const readOriginalVersions = async (key: string): Promise<{ versionId: string; body: Buffer }[]> => {
  const { Versions = [] } = await s3Client().send(
    new ListObjectVersionsCommand({ Bucket: testEnvironment.UPLOADS_BUCKET, Prefix: key }),
  );
  return Promise.all(
    Versions.map(async ({ VersionId = "" }) => {
      const { Body } = await s3Client().send(
        new GetObjectCommand({ Bucket: testEnvironment.UPLOADS_BUCKET, Key: key, VersionId }),
      );
      return { versionId: VersionId, body: Buffer.from((await Body?.transformToByteArray()) ?? []) };
    }),
  );
};

/** What the upload API does: a PENDING item, then the client's upload of the original. */
export const uploadPhoto = async (
  ownerId: string,
  photoId: string,
  original: Uint8Array | undefined,
  kind: "photo" | "receipt" = "photo",
  batchId?: string,
): Promise<string> => {
  const key = uploadKey(ownerId, photoId);
  const now = new Date().toISOString();
  await dynamoDocumentClient().send(
    new PutCommand({
      TableName: testEnvironment.PHOTOS_TABLE,
      Item: {
        ownerId,
        photoId,
        batchId,
        kind,
        status: "PENDING",
        uploadKey: key,
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
  if (original) await putOriginal(key, original);
  return key;
};

export const readPhotoItem = async (
  ownerId: string,
  photoId: string,
): Promise<Record<string, unknown> | undefined> => {
  const { Item } = await dynamoDocumentClient().send(
    new GetCommand({
      TableName: testEnvironment.PHOTOS_TABLE,
      Key: { ownerId, photoId },
      ConsistentRead: true,
    }),
  );
  return Item;
};

/** A batch's counters as the thumbnail function left them. */
export const readBatchCounts = async (ownerId: string, batchId: string): Promise<Record<string, unknown>> => {
  const { Item } = await dynamoDocumentClient().send(
    new GetCommand({
      TableName: testEnvironment.BATCHES_TABLE,
      Key: { ownerId, batchId },
      ConsistentRead: true,
    }),
  );
  return Item ?? {};
};

export const readThumbnail = async (key: string) => {
  const response = await s3Client().send(
    new GetObjectCommand({ Bucket: testEnvironment.THUMBNAILS_BUCKET, Key: key }),
  );
  return {
    body: Buffer.from(await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))),
    contentType: response.ContentType,
    cacheControl: response.CacheControl,
  };
};
