import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  createBatchesTable,
  createBucket,
  createPhotosTable,
  interlacedPng,
  type MotoServer,
  noisyJpeg,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeS3NotificationBody } from "../../src/moto-gaps.ts";
import { repoRoot } from "../../src/repo-root.ts";
import { buildSqsEvent } from "../../src/sqs-event.ts";
import { FunctionPool } from "../../src/workers.ts";

/*
 * Issue 12's first attack, as an attacker sends it: ten images that are small on disk and cost
 * about 460 MiB each to decode, in ONE batch with good photos, through the BUILT thumbnail zip in
 * a worker held to the function's memory the way Lambda holds it (resident memory, native
 * included: tools/devstack/src/memory-watchdog.ts). Before the decode budget and one-at-a-time
 * decoding, this batch killed the environment and every photo in it went back to the queue.
 */

const MEMORY_MB = 1024; // Terraform's thumbnail_memory_size default
const DECODE_BUDGET_MIB = 384; // Terraform's thumbnail_max_decode_mib default
const OWNER = "Zk3vQ9x_T2mB-8pLwYc1Ra";
const UPLOADS = "shoebox-hostile-uploads";
const THUMBNAILS = "shoebox-hostile-thumbnails";
const PHOTOS = "shoebox-hostile-photos";
const BATCHES = "shoebox-hostile-batches";
const zipPath = join(repoRoot, "dist", "thumbnail.zip");

let moto: MotoServer;
let pool: FunctionPool;
let documents: DynamoDBDocumentClient;

const photoIdOf = (index: number) => `01JHXXXXXX${String(index).padStart(16, "0")}`;

/** What the upload API and the client do: a PENDING item, then the original in the bucket. */
const upload = async (s3: S3Client, index: number, bytes: Buffer): Promise<string> => {
  const photoId = photoIdOf(index);
  const key = `uploads/${OWNER}/${photoId}`;
  const now = new Date().toISOString();
  await documents.send(
    new PutCommand({
      TableName: PHOTOS,
      Item: {
        ownerId: OWNER,
        photoId,
        kind: "photo",
        status: "PENDING",
        uploadKey: key,
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key: key, Body: bytes }));
  return photoId;
};

const receiveAll = async (sqs: SQSClient, queueUrl: string, count: number): Promise<Message[]> => {
  const messages: Message[] = [];
  while (messages.length < count) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    // As the local stack's poller does: the fields moto leaves out of S3 records and AWS sends.
    for (const message of Messages) {
      if (message.Body?.includes("ObjectCreated"))
        messages.push({ ...message, Body: completeS3NotificationBody(message.Body).body });
    }
  }
  return messages;
};

const photoItem = async (photoId: string) =>
  (await documents.send(new GetCommand({ TableName: PHOTOS, Key: { ownerId: OWNER, photoId } }))).Item;

beforeAll(async () => {
  if (!existsSync(zipPath))
    throw new Error(`${zipPath} is missing: this test runs the built zip, run make build first`);
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
}, 60_000);

afterAll(async () => {
  await pool?.stop(100);
  await moto?.stop();
});

describe("thumbnail zip under its memory limit, one hostile batch", () => {
  it("FAILS ten decompression-costly PNGs at once, PROCESSES the good photos, and stays under 1024 MB", async () => {
    // Prepare: the resources as Terraform makes them (versioned uploads bucket notifying a queue)
    const s3 = new S3Client({ forcePathStyle: true });
    const sqs = new SQSClient({});
    await createBucket(UPLOADS);
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: UPLOADS, VersioningConfiguration: { Status: "Enabled" } }),
    );
    await createBucket(THUMBNAILS);
    await createPhotosTable(PHOTOS);
    await createBatchesTable(BATCHES);
    const { TopicArn = "" } = await new SNSClient({}).send(
      new CreateTopicCommand({ Name: "shoebox-hostile-events" }),
    );
    const { QueueUrl = "" } = await sqs.send(
      new CreateQueueCommand({ QueueName: "shoebox-hostile-uploads" }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    const queueArn = Attributes?.QueueArn ?? "";
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: UPLOADS,
        NotificationConfiguration: {
          QueueConfigurations: [{ QueueArn: queueArn, Events: ["s3:ObjectCreated:*"] }],
        },
      }),
    );

    // 16-bit RGBA, interlaced, 7000x7000: 2 MB each, about 460 MiB each to decode.
    const bomb = await interlacedPng(7000, 7000, 16);
    // 8-bit RGBA, interlaced, 7000x7000: within the budget (about 234 MiB), but two decoded at
    // once would come near the limit: one at a time they are fine.
    const costly = await interlacedPng(7000, 7000, 8);
    const camera = await noisyJpeg(4000, 3000);
    const hostile: string[] = [];
    const good: string[] = [];
    for (let index = 0; index < 10; index++) hostile.push(await upload(s3, index, bomb));
    for (let index = 10; index < 12; index++) good.push(await upload(s3, index, costly));
    for (let index = 12; index < 15; index++) good.push(await upload(s3, index, camera));
    const event = buildSqsEvent(await receiveAll(sqs, QueueUrl, 15), queueArn, "us-east-1");

    const logs: string[] = [];
    const codeDir = mkdtempSync(join(tmpdir(), "shoebox-hostile-thumbnail-"));
    pool = new FunctionPool({
      name: "thumbnail",
      config: {
        function_name: "shoebox-hostile-thumbnail",
        file: zipPath,
        handler: "index.handler",
        timeout: 60,
        memory_size: MEMORY_MB,
        environment: {
          UPLOADS_BUCKET: UPLOADS,
          THUMBNAILS_BUCKET: THUMBNAILS,
          PHOTOS_TABLE: PHOTOS,
          BATCHES_TABLE: BATCHES,
          EVENTS_TOPIC_ARN: TopicArn,
          THUMBNAIL_SIZES: "small:160,medium:640",
          MAX_INPUT_PIXELS: "50000000",
          MAX_INPUT_BYTES: "26214400",
          MAX_DECODE_BYTES: String(DECODE_BUDGET_MIB * 1024 * 1024),
          MAX_RECEIVES: "5",
          POWERTOOLS_LOG_LEVEL: "ERROR",
        },
      },
      zipPath,
      codeDir,
      awsEnvironment: {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        S3_FORCE_PATH_STYLE: "true",
      },
      region: "us-east-1",
      accountId: "123456789012",
      maxConcurrency: 1,
      onLog: ({ line }) => logs.push(line),
    });
    await pool.prepare();

    // Act
    const result = await pool.invoke(event);
    if (!result.ok) console.error(logs.join("\n"));

    // Assess: one invocation, no record returned, every photo decided
    expect(result.ok ? result.result : result.error).toEqual({ batchItemFailures: [] });
    expect(result.maxMemoryUsedMb).toBeLessThan(MEMORY_MB);
    for (const photoId of hostile) {
      expect(await photoItem(photoId)).toMatchObject({
        status: "FAILED",
        failureCode: "TOO_LARGE_TO_DECODE",
        failureReason: expect.stringMatching(/more than the 384 MiB allowed per image/),
        originalVersionId: expect.any(String),
      });
    }
    for (const photoId of good) {
      expect(await photoItem(photoId)).toMatchObject({
        status: "PROCESSED",
        originalVersionId: expect.any(String),
      });
    }
    console.log(
      `hostile batch: 15 records in ${result.durationMs} ms, max memory ${result.maxMemoryUsedMb} MB of ${MEMORY_MB}`,
    );
  }, 180_000);
});
