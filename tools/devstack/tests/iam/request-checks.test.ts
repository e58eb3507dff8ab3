import {
  BatchWriteItemCommand,
  DynamoDBClient,
  QueryCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  CopyObjectCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAwsRequest } from "../../src/iam/aws-request.ts";
import { checksFor, queueDeliveryChecks, UnknownRequestError } from "../../src/iam/request-checks.ts";
import {
  ACCOUNT,
  ARCHIVE_KEY,
  accountModel,
  enableIamPolicies,
  JOBS_QUEUE_POLICY,
  policy,
  QUEUE_KEY,
  QUEUE_KEY_POLICY,
  REGION,
  SECRET_KEY,
  TABLE_KEY,
  TOPIC_KEY,
  UPLOADS_BUCKET_POLICY,
  UPLOADS_KEY,
} from "./fixtures.ts";
import { capture, clientConfig, startWireServer, type WireServer } from "./wire.ts";

const KEY_ID = "ASIAFUNCTIONKEY00002";
const model = accountModel();
let wire: WireServer;

beforeAll(async () => {
  wire = await startWireServer();
});

afterAll(async () => {
  await wire?.close();
});

/** The checks the gate derives from the request an SDK call puts on the wire. */
const checksOfCall = async (call: (config: ReturnType<typeof clientConfig>) => Promise<unknown>) =>
  checksFor(parseAwsRequest(await capture(wire, () => call(clientConfig(wire, KEY_ID)))), model);

const s3 = (config: ReturnType<typeof clientConfig>) => new S3Client({ ...config, forcePathStyle: true });

const JOBS_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:receipts`;
const keyPolicy = policy(enableIamPolicies);

describe("checksFor S3", () => {
  it("GET of an object in an SSE-KMS bucket: GetObject first, Decrypt only on success, ListBucket on a miss", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(new GetObjectCommand({ Bucket: "uploads", Key: "2026/03/receipt 1.pdf" })),
    );
    expect(checks.before).toEqual([
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::uploads/2026/03/receipt 1.pdf",
        resourcePolicy: UPLOADS_BUCKET_POLICY,
      },
    ]);
    expect(checks.afterSuccess).toEqual([
      {
        action: "kms:Decrypt",
        resource: UPLOADS_KEY,
        resourcePolicy: keyPolicy,
        impliedBy: `s3 encrypts arn:aws:s3:::uploads with this key`,
        context: {
          "kms:ViaService": `s3.${REGION}.amazonaws.com`,
          "kms:CallerAccount": ACCOUNT,
          "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::uploads/2026/03/receipt 1.pdf",
        },
      },
    ]);
    expect(checks.onMissingObject).toEqual({
      action: "s3:ListBucket",
      resource: "arn:aws:s3:::uploads",
      resourcePolicy: UPLOADS_BUCKET_POLICY,
    });
  });

  it("HEAD needs GetObject too; a version needs GetObjectVersion; a plain bucket needs no KMS", async () => {
    const head = await checksOfCall((config) =>
      s3(config).send(new HeadObjectCommand({ Bucket: "plain", Key: "a.txt" })),
    );
    expect(head.before.map((check) => [check.action, check.resource])).toEqual([
      ["s3:GetObject", "arn:aws:s3:::plain/a.txt"],
    ]);
    expect(head.afterSuccess).toEqual([]);
    const version = await checksOfCall((config) =>
      s3(config).send(new GetObjectCommand({ Bucket: "plain", Key: "a.txt", VersionId: "v1" })),
    );
    expect(version.before.map((check) => check.action)).toEqual(["s3:GetObjectVersion"]);
  });

  it("PUT into an SSE-KMS bucket: PutObject and GenerateDataKey with the object's encryption context", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(new PutObjectCommand({ Bucket: "uploads", Key: "in/a.pdf", Body: "pdf" })),
    );
    expect(checks.before).toEqual([
      {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::uploads/in/a.pdf",
        resourcePolicy: UPLOADS_BUCKET_POLICY,
      },
      expect.objectContaining({
        action: "kms:GenerateDataKey",
        resource: UPLOADS_KEY,
        context: {
          "kms:ViaService": `s3.${REGION}.amazonaws.com`,
          "kms:CallerAccount": ACCOUNT,
          "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::uploads/in/a.pdf",
        },
      }),
    ]);
    expect(checks.afterSuccess).toEqual([]);
    expect(checks.onMissingObject).toBeUndefined();
  });

  it("ListObjectsV2: ListBucket on the bucket with s3:prefix and s3:delimiter in the context", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(new ListObjectsV2Command({ Bucket: "uploads", Prefix: "in/2026/", Delimiter: "/" })),
    );
    expect(checks.before).toEqual([
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::uploads",
        resourcePolicy: UPLOADS_BUCKET_POLICY,
        context: { "s3:prefix": "in/2026/", "s3:delimiter": "/" },
      },
    ]);
    const unfiltered = await checksOfCall((config) =>
      s3(config).send(new ListObjectsV2Command({ Bucket: "uploads" })),
    );
    expect(unfiltered.before[0]?.context).toEqual({});
  });

  it("CopyObject: PutObject + GenerateDataKey on the target, GetObject + Decrypt on the decoded source", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(
        new CopyObjectCommand({
          Bucket: "uploads",
          Key: "copies/a.pdf",
          CopySource: "archive/2026/a%20b.pdf",
        }),
      ),
    );
    expect(checks.before.map((check) => [check.action, check.resource])).toEqual([
      ["s3:PutObject", "arn:aws:s3:::uploads/copies/a.pdf"],
      ["kms:GenerateDataKey", UPLOADS_KEY],
      ["s3:GetObject", "arn:aws:s3:::archive/2026/a b.pdf"],
      ["kms:Decrypt", ARCHIVE_KEY],
    ]);
  });

  // BUG (request-checks.ts, s3Checks, the copySource branch: `kmsCheck("kms:Decrypt", source,
  // "s3", model, {})`): S3 decrypts the source object with the encryption context
  // aws:s3:arn = the source object's ARN, as on a GET. Without it a key policy that conditions
  // on kms:EncryptionContext:aws:s3:arn allows the copy on AWS but is refused by the gate.
  // Fix: pass { "aws:s3:arn": `${sourceArn}/${key}` }. Marked `fails` until fixed.
  it("CopyObject's source Decrypt carries the source object's encryption context", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(
        new CopyObjectCommand({ Bucket: "uploads", Key: "c.pdf", CopySource: "archive/a.pdf" }),
      ),
    );
    const decrypt = checks.before.find((check) => check.action === "kms:Decrypt");
    expect(decrypt?.context?.["kms:EncryptionContext:aws:s3:arn"]).toBe("arn:aws:s3:::archive/a.pdf");
  });

  // BUG (request-checks.ts, s3Checks, the copySource branch): `.split("?")[0]` drops
  // `?versionId=` from x-amz-copy-source, and the source check stays s3:GetObject; copying a
  // specific version needs s3:GetObjectVersion on AWS. Marked `fails` until fixed.
  it("CopyObject of a source version needs s3:GetObjectVersion", async () => {
    const checks = await checksOfCall((config) =>
      s3(config).send(
        new CopyObjectCommand({ Bucket: "uploads", Key: "c.pdf", CopySource: "plain/a.pdf?versionId=v1" }),
      ),
    );
    expect(checks.before.map((check) => check.action)).toContain("s3:GetObjectVersion");
  });

  it("a bucket sub-resource it does not know (GetBucketPolicy) is an UnknownRequestError, not a listing", async () => {
    await expect(
      checksOfCall((config) => s3(config).send(new GetBucketPolicyCommand({ Bucket: "uploads" }))),
    ).rejects.toThrow(UnknownRequestError);
  });
});

describe("checksFor DynamoDB", () => {
  it("BatchWriteItem over two tables: one BatchWriteItem per table, Decrypt for the CMK table only", async () => {
    const checks = await checksOfCall((config) =>
      new DynamoDBClient(config).send(
        new BatchWriteItemCommand({
          RequestItems: {
            receipts: [{ PutRequest: { Item: { id: { S: "1" } } } }],
            events: [{ DeleteRequest: { Key: { id: { S: "2" } } } }],
          },
        }),
      ),
    );
    expect(checks.before).toEqual([
      { action: "dynamodb:BatchWriteItem", resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/receipts` },
      {
        action: "kms:Decrypt",
        resource: TABLE_KEY,
        resourcePolicy: keyPolicy,
        impliedBy: `dynamodb encrypts arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/receipts with this key`,
        context: {
          "kms:ViaService": `dynamodb.${REGION}.amazonaws.com`,
          "kms:CallerAccount": ACCOUNT,
          "kms:EncryptionContext:aws:dynamodb:tableName": "receipts",
        },
      },
      { action: "dynamodb:BatchWriteItem", resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/events` },
    ]);
  });

  it("TransactWriteItems: Put, Update and ConditionCheck are PutItem, UpdateItem and ConditionCheckItem", async () => {
    const checks = await checksOfCall((config) =>
      new DynamoDBClient(config).send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: "events", Item: { id: { S: "1" } } } },
            {
              Update: {
                TableName: "events",
                Key: { id: { S: "2" } },
                UpdateExpression: "SET n = :n",
                ExpressionAttributeValues: { ":n": { N: "1" } },
              },
            },
            {
              ConditionCheck: {
                TableName: "receipts",
                Key: { id: { S: "3" } },
                ConditionExpression: "attribute_exists(id)",
              },
            },
          ],
        }),
      ),
    );
    expect(checks.before.map((check) => [check.action, check.resource])).toEqual([
      ["dynamodb:PutItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/events`],
      ["dynamodb:UpdateItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/events`],
      ["dynamodb:ConditionCheckItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/receipts`],
      ["kms:Decrypt", TABLE_KEY],
    ]);
  });

  it("Query on an index: the resource is the index, table/<t>/index/<i>", async () => {
    const checks = await checksOfCall((config) =>
      new DynamoDBClient(config).send(
        new QueryCommand({
          TableName: "events",
          IndexName: "by-date",
          KeyConditionExpression: "d = :d",
          ExpressionAttributeValues: { ":d": { S: "2026-12-02" } },
        }),
      ),
    );
    expect(checks.before).toEqual([
      {
        action: "dynamodb:Query",
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/events/index/by-date`,
      },
    ]);
  });
});

describe("checksFor SQS", () => {
  const queueUrl = () => `${wire.endpoint}/${ACCOUNT}/jobs`;
  const kmsContext = {
    "kms:ViaService": `sqs.${REGION}.amazonaws.com`,
    "kms:CallerAccount": ACCOUNT,
    "kms:EncryptionContext:aws:sqs:arn": JOBS_ARN,
  };

  it("SendMessageBatch is sqs:SendMessage, plus GenerateDataKey and Decrypt on the queue's key", async () => {
    const checks = await checksOfCall((config) =>
      new SQSClient(config).send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl(),
          Entries: [
            { Id: "1", MessageBody: "a" },
            { Id: "2", MessageBody: "b" },
          ],
        }),
      ),
    );
    const impliedBy = `sqs encrypts ${JOBS_ARN} with this key`;
    expect(checks.before).toEqual([
      { action: "sqs:SendMessage", resource: JOBS_ARN, resourcePolicy: JOBS_QUEUE_POLICY },
      {
        action: "kms:GenerateDataKey",
        resource: QUEUE_KEY,
        resourcePolicy: QUEUE_KEY_POLICY,
        impliedBy,
        context: kmsContext,
      },
      {
        action: "kms:Decrypt",
        resource: QUEUE_KEY,
        resourcePolicy: QUEUE_KEY_POLICY,
        impliedBy,
        context: kmsContext,
      },
    ]);
  });

  it("ReceiveMessage needs ReceiveMessage and Decrypt", async () => {
    const checks = await checksOfCall((config) =>
      new SQSClient(config).send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl(), MaxNumberOfMessages: 10 }),
      ),
    );
    expect(checks.before.map((check) => [check.action, check.resource])).toEqual([
      ["sqs:ReceiveMessage", JOBS_ARN],
      ["kms:Decrypt", QUEUE_KEY],
    ]);
  });

  it("DeleteMessageBatch is sqs:DeleteMessage, with no KMS", async () => {
    const checks = await checksOfCall((config) =>
      new SQSClient(config).send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl(), Entries: [{ Id: "1", ReceiptHandle: "h" }] }),
      ),
    );
    expect(checks.before).toEqual([
      { action: "sqs:DeleteMessage", resource: JOBS_ARN, resourcePolicy: JOBS_QUEUE_POLICY },
    ]);
  });

  it("SendMessage to an unencrypted queue needs no KMS", async () => {
    const checks = await checksOfCall((config) =>
      new SQSClient(config).send(
        new SendMessageCommand({ QueueUrl: `${wire.endpoint}/${ACCOUNT}/plain-queue`, MessageBody: "x" }),
      ),
    );
    expect(checks.before).toEqual([
      {
        action: "sqs:SendMessage",
        resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:plain-queue`,
        resourcePolicy: undefined,
      },
    ]);
  });
});

describe("checksFor SNS, Secrets Manager, STS and the rest", () => {
  it("Publish to an encrypted topic: Publish, GenerateDataKey and Decrypt on the topic's key", async () => {
    const checks = await checksOfCall((config) =>
      new SNSClient(config).send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: "m" })),
    );
    const context = {
      "kms:ViaService": `sns.${REGION}.amazonaws.com`,
      "kms:CallerAccount": ACCOUNT,
      "kms:EncryptionContext:aws:sns:topicArn": TOPIC_ARN,
    };
    expect(checks.before).toEqual([
      { action: "sns:Publish", resource: TOPIC_ARN, resourcePolicy: undefined },
      expect.objectContaining({ action: "kms:GenerateDataKey", resource: TOPIC_KEY, context }),
      expect.objectContaining({ action: "kms:Decrypt", resource: TOPIC_KEY, context }),
    ]);
  });

  it("GetSecretValue by name: on the secret's ARN, plus Decrypt on its key; DescribeSecret needs no KMS", async () => {
    const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-password-AbCdEf`;
    const get = await checksOfCall((config) =>
      new SecretsManagerClient(config).send(new GetSecretValueCommand({ SecretId: "db-password" })),
    );
    expect(get.before).toEqual([
      { action: "secretsmanager:GetSecretValue", resource: secretArn, resourcePolicy: undefined },
      expect.objectContaining({
        action: "kms:Decrypt",
        resource: SECRET_KEY,
        context: {
          "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`,
          "kms:CallerAccount": ACCOUNT,
          "kms:EncryptionContext:SecretARN": secretArn,
        },
      }),
    ]);
    const describe = await checksOfCall((config) =>
      new SecretsManagerClient(config).send(new DescribeSecretCommand({ SecretId: "db-password" })),
    );
    expect(describe.before.map((check) => check.action)).toEqual(["secretsmanager:DescribeSecret"]);
  });

  it("GetCallerIdentity needs nothing; other STS calls and unknown services are UnknownRequestError", async () => {
    const identity = await checksOfCall((config) =>
      new STSClient(config).send(new GetCallerIdentityCommand({})),
    );
    expect(identity).toEqual({ before: [], afterSuccess: [] });
    await expect(
      checksOfCall((config) =>
        new STSClient(config).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/admin`, RoleSessionName: "s" }),
        ),
      ),
    ).rejects.toThrow(UnknownRequestError);
    // Lambda is REST-JSON: the gate reads no operation from it and must refuse to guess.
    await expect(
      checksOfCall((config) => new LambdaClient(config).send(new InvokeCommand({ FunctionName: "other" }))),
    ).rejects.toThrow(/^lambda/);
  });
});

describe("queueDeliveryChecks", () => {
  it("an S3 notification into an encrypted queue: SendMessage for that source, and the key's GenerateDataKey and Decrypt", () => {
    const checks = queueDeliveryChecks(model, "jobs", { arn: "arn:aws:s3:::uploads", service: "s3" });
    const source = { "aws:SourceArn": "arn:aws:s3:::uploads", "aws:SourceAccount": ACCOUNT };
    const kmsContext = {
      ...source,
      "kms:ViaService": `sqs.${REGION}.amazonaws.com`,
      "kms:CallerAccount": ACCOUNT,
      "kms:EncryptionContext:aws:sqs:arn": JOBS_ARN,
    };
    expect(checks).toEqual([
      {
        action: "sqs:SendMessage",
        resource: JOBS_ARN,
        resourcePolicy: JOBS_QUEUE_POLICY,
        context: source,
        impliedBy: `s3 delivers from arn:aws:s3:::uploads to ${JOBS_ARN}`,
      },
      {
        action: "kms:GenerateDataKey",
        resource: QUEUE_KEY,
        resourcePolicy: QUEUE_KEY_POLICY,
        context: kmsContext,
        impliedBy: `sqs encrypts ${JOBS_ARN} with this key`,
      },
      {
        action: "kms:Decrypt",
        resource: QUEUE_KEY,
        resourcePolicy: QUEUE_KEY_POLICY,
        context: kmsContext,
        impliedBy: `sqs encrypts ${JOBS_ARN} with this key`,
      },
    ]);
  });

  it("an unencrypted queue needs only SendMessage", () => {
    const checks = queueDeliveryChecks(model, "plain-queue", { arn: TOPIC_ARN, service: "sns" });
    expect(checks.map((check) => check.action)).toEqual(["sqs:SendMessage"]);
    expect(checks[0]?.context).toEqual({ "aws:SourceArn": TOPIC_ARN, "aws:SourceAccount": ACCOUNT });
  });
});
