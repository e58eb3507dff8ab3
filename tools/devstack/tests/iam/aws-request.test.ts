import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DecryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipartFields, parseAwsRequest } from "../../src/iam/aws-request.ts";
import { presignedPostFields, presignedUrl } from "./presign.ts";
import { capture, clientConfig, startWireServer, type WireServer } from "./wire.ts";

const KEY_ID = "ASIAFUNCTIONKEY00001";
let wire: WireServer;

beforeAll(async () => {
  wire = await startWireServer();
});

afterAll(async () => {
  await wire?.close();
});

const s3Client = () => new S3Client({ ...clientConfig(wire, KEY_ID), forcePathStyle: true });

describe("parseAwsRequest on what the SDK puts on the wire", () => {
  it("reads a DynamoDB PutItem (JSON protocol): service, caller, region, operation and body", async () => {
    const raw = await capture(wire, () =>
      new DynamoDBClient(clientConfig(wire, KEY_ID)).send(
        new PutItemCommand({ TableName: "receipts", Item: { id: { S: "r-1" } } }),
      ),
    );
    const request = parseAwsRequest(raw);
    expect(request).toMatchObject({
      service: "dynamodb",
      protocol: "json",
      accessKeyId: KEY_ID,
      region: "eu-west-1",
      operation: "PutItem",
      params: { TableName: "receipts", Item: { id: { S: "r-1" } } },
    });
    expect(request.s3).toBeUndefined();
  });

  it("reads an SQS SendMessage, which this SDK sends as JSON (AmazonSQS.SendMessage), not query", async () => {
    const queueUrl = `${wire.endpoint}/123456789012/jobs`;
    const raw = await capture(wire, () =>
      new SQSClient(clientConfig(wire, KEY_ID)).send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "hello" }),
      ),
    );
    // What the SDK sent: the JSON protocol with query compatibility.
    expect(raw.headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(raw.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(parseAwsRequest(raw)).toMatchObject({
      service: "sqs",
      protocol: "json",
      accessKeyId: KEY_ID,
      operation: "SendMessage",
      params: { QueueUrl: queueUrl, MessageBody: "hello" },
    });
  });

  it("reads an SNS Publish (query protocol: Action in the form body)", async () => {
    const topicArn = "arn:aws:sns:eu-west-1:123456789012:receipts";
    const raw = await capture(wire, () =>
      new SNSClient(clientConfig(wire, KEY_ID)).send(
        new PublishCommand({ TopicArn: topicArn, Message: "a & b = c" }),
      ),
    );
    expect(raw.headers["x-amz-target"]).toBeUndefined();
    expect(parseAwsRequest(raw)).toMatchObject({
      service: "sns",
      protocol: "query",
      accessKeyId: KEY_ID,
      operation: "Publish",
      params: { Action: "Publish", TopicArn: topicArn, Message: "a & b = c" },
    });
  });

  it("reads KMS and Secrets Manager targets (JSON 1.1) under their signing names", async () => {
    const kms = parseAwsRequest(
      await capture(wire, () =>
        new KMSClient(clientConfig(wire, KEY_ID)).send(
          new DecryptCommand({ CiphertextBlob: new Uint8Array([1, 2]), KeyId: "alias/uploads" }),
        ),
      ),
    );
    expect(kms).toMatchObject({ service: "kms", operation: "Decrypt", params: { KeyId: "alias/uploads" } });
    const secrets = parseAwsRequest(
      await capture(wire, () =>
        new SecretsManagerClient(clientConfig(wire, KEY_ID)).send(
          new GetSecretValueCommand({ SecretId: "db-password" }),
        ),
      ),
    );
    expect(secrets).toMatchObject({
      service: "secretsmanager",
      operation: "GetSecretValue",
      params: { SecretId: "db-password" },
    });
  });

  it("reads an S3 GetObject path-style: bucket and a key with slashes and special characters, decoded", async () => {
    const key = "reports/2026/q1 summary+final (v2)&é%#?=.pdf";
    const raw = await capture(wire, () =>
      s3Client().send(new GetObjectCommand({ Bucket: "uploads", Key: key })),
    );
    // The SDK escapes each segment and keeps the slashes.
    expect(raw.url.startsWith("/uploads/reports/2026/q1%20summary%2Bfinal")).toBe(true);
    const request = parseAwsRequest(raw);
    expect(request).toMatchObject({ service: "s3", protocol: "rest-xml", accessKeyId: KEY_ID });
    expect(request.operation).toBeUndefined();
    expect(request.s3).toMatchObject({ method: "GET", bucket: "uploads", key });
    expect(request.s3?.query.get("x-id")).toBe("GetObject");
    expect(request.s3?.form).toBeUndefined();
    expect(request.s3?.copySource).toBeUndefined();
  });

  it("reads an S3 PutObject with a key that starts with a slash", async () => {
    const raw = await capture(wire, () =>
      s3Client().send(new PutObjectCommand({ Bucket: "uploads", Key: "/abs/a b.txt", Body: "x" })),
    );
    expect(parseAwsRequest(raw).s3).toMatchObject({ method: "PUT", bucket: "uploads", key: "/abs/a b.txt" });
  });

  // BUG (aws-request.ts, parseAwsRequest: `new URL(request.url, ...)`): the WHATWG URL parser
  // resolves dot segments, so the key S3 stores ("archives/../uploads/x", the SDK sends the
  // dots as they are) is authorised as "uploads/x". A role allowed uploads/* may then read
  // or write "archives/../uploads/x", which AWS (literal key) denies. Marked `fails` until fixed.
  it("keeps a key with '..' segments literally, as S3 does", async () => {
    const key = "archives/../uploads/x";
    const raw = await capture(wire, () =>
      s3Client().send(new GetObjectCommand({ Bucket: "uploads", Key: key })),
    );
    expect(raw.url).toBe("/uploads/archives/../uploads/x?x-id=GetObject");
    expect(parseAwsRequest(raw).s3?.key).toBe(key);
  });

  it("reads CopyObject's x-amz-copy-source as sent (the checks decode it)", async () => {
    const raw = await capture(wire, () =>
      s3Client().send(
        new CopyObjectCommand({
          Bucket: "uploads",
          Key: "copies/a.pdf",
          CopySource: "archive/2026/a%20b.pdf",
        }),
      ),
    );
    expect(parseAwsRequest(raw).s3).toMatchObject({
      method: "PUT",
      bucket: "uploads",
      key: "copies/a.pdf",
      copySource: "archive/2026/a%20b.pdf",
    });
  });

  it("reads the caller of a presigned GET URL from X-Amz-Credential in the query", async () => {
    const client = s3Client();
    const url = await presignedUrl(
      client,
      new GetObjectCommand({ Bucket: "uploads", Key: "photos/my cat.jpg" }),
      { accessKeyId: KEY_ID, secretAccessKey: "secret", sessionToken: "session" },
      "eu-west-1",
    );
    expect(url).toContain("X-Amz-Credential=");
    const before = wire.requests.length;
    await fetch(url);
    const raw = wire.requests[before];
    if (!raw) throw new Error("the presigned GET did not arrive");
    expect(raw.headers.authorization).toBeUndefined();
    expect(parseAwsRequest(raw)).toMatchObject({
      service: "s3",
      accessKeyId: KEY_ID,
      region: "eu-west-1",
      s3: { method: "GET", bucket: "uploads", key: "photos/my cat.jpg" },
    });
  });

  it("reads a browser POST with a presigned POST policy from its multipart form fields", async () => {
    const fields = await presignedPostFields(s3Client(), {
      bucket: "uploads",
      key: "incoming/receipt 1.pdf",
      credentials: { accessKeyId: KEY_ID, secretAccessKey: "secret", sessionToken: "session" },
      region: "eu-west-1",
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", new Blob(["%PDF-1.7 twelve"], { type: "application/pdf" }), "receipt.pdf");
    // After the file: S3 ignores it, and so must the gate.
    form.append("key", "elsewhere/after-the-file");
    const before = wire.requests.length;
    await fetch(`${wire.endpoint}/uploads`, { method: "POST", body: form });
    const raw = wire.requests[before];
    if (!raw) throw new Error("the POST did not arrive");
    expect(raw.headers.authorization).toBeUndefined();
    expect(String(raw.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);

    const request = parseAwsRequest(raw);
    expect(request).toMatchObject({ service: "s3", accessKeyId: KEY_ID, region: "eu-west-1" });
    expect(request.s3).toMatchObject({ method: "POST", bucket: "uploads" });
    expect(request.s3?.key).toBeUndefined();
    expect(request.s3?.form).toEqual({
      ...fields,
      "$file-size": String("%PDF-1.7 twelve".length),
      "$file-name": "receipt.pdf",
    });
  });
});

describe("multipartFields", () => {
  const body = (boundary: string, parts: string[]) =>
    Buffer.from(`${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("")}--${boundary}--\r\n`);

  it("reads the fields before the file part and stops there, with a quoted boundary", () => {
    const fields = multipartFields(
      body("XyZ", [
        'Content-Disposition: form-data; name="key"\r\n\r\nuploads/a.txt',
        'Content-Disposition: form-data; name="X-Amz-Credential"\r\n\r\nAKID/20261202/eu-west-1/s3/aws4_request',
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nline one\r\nline two',
        'Content-Disposition: form-data; name="key"\r\n\r\nignored',
      ]),
      'multipart/form-data; boundary="XyZ"',
    );
    expect(fields).toEqual({
      key: "uploads/a.txt",
      "X-Amz-Credential": "AKID/20261202/eu-west-1/s3/aws4_request",
      "$file-size": String("line one\r\nline two".length),
      "$file-name": "a.txt",
    });
  });

  it("reads nothing without a boundary", () => {
    expect(multipartFields(Buffer.from("whatever"), "multipart/form-data")).toEqual({});
  });
});

describe("parseAwsRequest without a signature", () => {
  it("has no caller for an unsigned request, and still names the service of a JSON target", () => {
    const request = parseAwsRequest({
      method: "POST",
      url: "/",
      headers: { "x-amz-target": "DynamoDB_20120810.GetItem", "content-type": "application/x-amz-json-1.0" },
      body: Buffer.from('{"TableName":"receipts"}'),
    });
    expect(request.accessKeyId).toBeUndefined();
    expect(request).toMatchObject({ service: "dynamodb", operation: "GetItem" });
  });
});
