import { Readable } from "node:stream";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { TransientError } from "@shoebox/runtime";
import type { PhotoItem } from "@shoebox/schemas";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadThumbnailConfig } from "../../src/config.ts";
import { processUpload } from "../../src/process-upload.ts";
import { testEnvironment } from "../helpers/events.ts";
import { photo } from "../helpers/images.ts";

/*
 * Decisions that a real emulator cannot provoke on demand: a lost race, throttling, a 503.
 * Everything else runs against moto in tests/integration.
 */
const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);

const config = loadThumbnailConfig(testEnvironment);
const upload = {
  key: "uploads/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
  ownerId: "Zk3vQ9x_T2mB-8pLwYc1Ra",
  photoId: "01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
};
const pendingPhoto: PhotoItem = {
  ownerId: upload.ownerId,
  photoId: upload.photoId,
  kind: "photo",
  status: "PENDING",
  uploadKey: upload.key,
  createdAt: "2025-11-24T10:15:00.000Z",
  updatedAt: "2025-11-24T10:15:00.000Z",
};
const clock = () => "2025-11-24T10:15:31.000Z";

const awsError = (name: string, statusCode: number) =>
  Object.assign(new Error(`${name} from the mock`), {
    name,
    $fault: statusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: statusCode },
  });

/** A GetObject body as the SDK returns it in Node: a stream with the SDK's helpers mixed in. */
const streamingBody = (stream: Readable, bytes: Buffer = Buffer.alloc(0)) =>
  Object.assign(stream, {
    transformToByteArray: async () => {
      for await (const _ of stream) {
        // drain, as the SDK does
      }
      return new Uint8Array(bytes);
    },
    transformToString: async () => bytes.toString(),
    transformToWebStream: () => Readable.toWeb(stream) as ReadableStream,
  });
const originalBody = (bytes: Buffer) => streamingBody(Readable.from([bytes]), bytes);

const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeAll(() => {
  process.env.AWS_REGION = "us-east-1";
});

afterEach(() => {
  s3.reset();
  dynamo.reset();
  sns.reset();
});

describe("processUpload decisions", () => {
  it("publishes nothing when another delivery wins the conditional status write", async () => {
    // Prepare
    const coffee = photo("coffee");
    dynamo.on(GetCommand).resolves({ Item: pendingPhoto });
    s3.on(GetObjectCommand).resolves({ ContentLength: coffee.length, Body: originalBody(coffee) });
    s3.on(PutObjectCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: "lost", $metadata: {} }));

    // Act
    await processUpload(upload, config, { clock });

    // Assess
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("leaves the photo un-notified and asks for a retry when SNS throttles the announcement", async () => {
    // Prepare
    const coffee = photo("coffee");
    dynamo.on(GetCommand).resolves({ Item: pendingPhoto });
    s3.on(GetObjectCommand).resolves({ ContentLength: coffee.length, Body: originalBody(coffee) });
    s3.on(PutObjectCommand).resolves({});
    dynamo.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Attributes: {
        ...pendingPhoto,
        status: "PROCESSED",
        updatedAt: clock(),
        image: input.ExpressionAttributeValues[":image"],
        thumbnails: input.ExpressionAttributeValues[":thumbnails"],
      },
    }));
    sns.on(PublishCommand).rejects(awsError("Throttling", 400));

    // Act
    const error = await rejectionOf(processUpload(upload, config, { clock }));

    // Assess
    expect(error).toBeInstanceOf(TransientError);
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input.UpdateExpression);
    expect(updates).toHaveLength(1); // the status write; no "SET #notifiedAt"
    expect(updates[0]).not.toMatch(/notifiedAt/);
  });

  it("announces a decided but un-notified photo on replay without touching S3", async () => {
    // Prepare
    const decided: PhotoItem = {
      ...pendingPhoto,
      status: "FAILED",
      failureCode: "CORRUPT_IMAGE",
      failureReason: "the image could not be decoded",
      updatedAt: clock(),
    };
    dynamo.on(GetCommand).resolves({ Item: decided });
    dynamo.on(TransactWriteCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });

    // Act
    await processUpload(upload, config, { clock });

    // Assess
    expect(s3.calls()).toHaveLength(0);
    const published = sns
      .commandCalls(PublishCommand)
      .map((call) => JSON.parse(call.args[0].input.Message ?? ""));
    expect(published).toEqual([expect.objectContaining({ eventType: "photo.failed", occurredAt: clock() })]);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    const [notified] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(notified?.Update?.UpdateExpression).toBe("SET #notifiedAt = :now");
  });

  it("retries, recording nothing, when S3 answers 503 for the original", async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: pendingPhoto });
    s3.on(GetObjectCommand).rejects(awsError("SlowDown", 503));

    // Act
    const error = await rejectionOf(processUpload(upload, config, { clock }));

    // Assess
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/SlowDown/);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });

  it("records TOO_LARGE from Content-Length alone, without reading the body", async () => {
    // Prepare
    let bodyRead = false;
    const body = streamingBody(
      new Readable({
        read() {
          bodyRead = true;
          this.push(null);
        },
      }),
    );
    dynamo.on(GetCommand).resolves({ Item: pendingPhoto });
    s3.on(GetObjectCommand).resolves({ ContentLength: config.maxInputBytes + 1, Body: body });
    dynamo.on(UpdateCommand).resolves({
      Attributes: {
        ...pendingPhoto,
        status: "FAILED",
        failureCode: "TOO_LARGE",
        failureReason: "too large",
      },
    });
    dynamo.on(TransactWriteCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });

    // Act
    await processUpload(upload, config, { clock });

    // Assess
    expect(bodyRead).toBe(false);
    const statusWrite = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(statusWrite?.ExpressionAttributeValues).toMatchObject({
      ":status": "FAILED",
      ":failureCode": "TOO_LARGE",
    });
    expect(statusWrite?.ConditionExpression).toBe("attribute_not_exists(#photoId) OR #status = :pending");
  });
});
