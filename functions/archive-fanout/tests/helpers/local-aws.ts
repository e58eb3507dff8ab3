import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDocumentClient, s3Client, sqsClient } from "@shoebox/runtime";
import { createBatchesTable, createBucket, createPhotosTable } from "@shoebox/testing";
import { testEnvironment } from "./events.ts";
import { type LargeArchive, writeLargeArchive } from "./large-archive.ts";

/* The function's resources on moto, named as in testEnvironment. */

export const createResources = async (): Promise<void> => {
  await createBucket(testEnvironment.UPLOADS_BUCKET);
  await createPhotosTable(testEnvironment.PHOTOS_TABLE);
  await createBatchesTable(testEnvironment.BATCHES_TABLE);
  await sqsClient().send(new CreateQueueCommand({ QueueName: ARCHIVES_QUEUE }));
};

const ARCHIVES_QUEUE = testEnvironment.ARCHIVES_QUEUE_URL.split("/").pop() ?? "";

/** The archives queue's URL as moto gives it (the client sends to its host). */
const archivesQueueUrl = async (): Promise<string> => {
  const { QueueUrl } = await sqsClient().send(new GetQueueUrlCommand({ QueueName: ARCHIVES_QUEUE }));
  if (!QueueUrl) throw new Error(`moto has no queue ${ARCHIVES_QUEUE}`);
  return QueueUrl;
};

/**
 * Takes the messages waiting on the archives queue, as the event source mapping would before
 * it invokes the function with them (and deletes them when it succeeds).
 */
export const takeArchivesQueueMessages = async (): Promise<Message[]> => {
  const QueueUrl = await archivesQueueUrl();
  const { Messages = [] } = await sqsClient().send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ["All"],
    }),
  );
  for (const { ReceiptHandle } of Messages) {
    await sqsClient().send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle }));
  }
  return Messages;
};

/**
 * Runs `work` and counts the bytes S3 was asked to send for ranged GETs meanwhile, through the
 * runtime's shared S3 client (the one the handler uses).
 */
export const countRangedReads = async <T>(work: () => Promise<T>): Promise<{ result: T; bytes: number }> => {
  let bytes = 0;
  const name = "countRangedReads";
  s3Client().middlewareStack.add(
    (next) => async (args) => {
      const output = await next(args);
      if ((args.input as { Range?: string }).Range) {
        bytes += (output.output as { ContentLength?: number }).ContentLength ?? 0;
      }
      return output;
    },
    { step: "initialize", name },
  );
  try {
    return { result: await work(), bytes };
  } finally {
    s3Client().middlewareStack.remove(name);
  }
};

/** What a client does with its presigned POST for an archive, with the metadata the POST's policy demands. */
export const putArchive = async (
  key: string,
  zip: Buffer,
  metadata?: Record<string, string>,
): Promise<void> => {
  await s3Client().send(
    new PutObjectCommand({ Bucket: testEnvironment.UPLOADS_BUCKET, Key: key, Body: zip, Metadata: metadata }),
  );
};

/**
 * Uploads an archive from disk as a stream, so the test process never holds it. Without a
 * checksum: the SDK would send a stream aws-chunked with a trailing CRC, which moto decodes
 * at a few MB/s.
 */
export const putArchiveFile = async (key: string, path: string): Promise<void> => {
  const uploader = new S3Client({ forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED" });
  await uploader.send(
    new PutObjectCommand({
      Bucket: testEnvironment.UPLOADS_BUCKET,
      Key: key,
      Body: createReadStream(path),
      ContentLength: statSync(path).size,
    }),
  );
};

export interface StoredObject {
  key: string;
  size: number;
}

export const listUploads = async (ownerId: string): Promise<StoredObject[]> => {
  const { Contents = [] } = await s3Client().send(
    new ListObjectsV2Command({ Bucket: testEnvironment.UPLOADS_BUCKET, Prefix: `uploads/${ownerId}/` }),
  );
  return Contents.map((object) => ({ key: object.Key ?? "", size: object.Size ?? 0 }));
};

export const readUpload = async (key: string) => {
  const response = await s3Client().send(
    new GetObjectCommand({ Bucket: testEnvironment.UPLOADS_BUCKET, Key: key }),
  );
  return {
    body: Buffer.from(await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))),
    contentType: response.ContentType,
    metadata: response.Metadata ?? {},
  };
};

export const photoItems = async (ownerId: string): Promise<Record<string, unknown>[]> => {
  const { Items = [] } = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: testEnvironment.PHOTOS_TABLE,
      KeyConditionExpression: "ownerId = :ownerId",
      ExpressionAttributeValues: { ":ownerId": ownerId },
      ConsistentRead: true,
    }),
  );
  return Items;
};

export const batchItem = async (
  ownerId: string,
  batchId: string,
): Promise<Record<string, unknown> | undefined> => {
  const { Item } = await dynamoDocumentClient().send(
    new GetCommand({
      TableName: testEnvironment.BATCHES_TABLE,
      Key: { ownerId, batchId },
      ConsistentRead: true,
    }),
  );
  return Item;
};

/**
 * Writes a large archive to a temporary folder and uploads it to archives/{ownerId}/{batchId};
 * `remove` deletes the folder.
 */
export const stageLargeArchive = async (
  key: string,
  options: Parameters<typeof writeLargeArchive>[1],
  progress: (message: string) => void = () => undefined,
): Promise<{ archive: LargeArchive; remove(): void }> => {
  const workDir = mkdtempSync(join(tmpdir(), "archive-fanout-"));
  const path = join(workDir, "archive.zip");
  progress(`writing ${options.fakeJpegs} entries of ${options.bytesEach} bytes + 3 photos to ${path}`);
  const archive = await writeLargeArchive(path, options);
  progress(`uploading ${archive.bytes} bytes to ${key}`);
  await putArchiveFile(key, path);
  return { archive, remove: () => rmSync(workDir, { recursive: true, force: true }) };
};
