import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { metrics, ownerIdFromClaims } from "@shoebox/runtime";
import { type UploadResponse, UploadResponseSchema } from "@shoebox/schemas";
import {
  createBatchesTable,
  createBucket,
  createLimitsTable,
  createPhotosTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const BUCKET = "shoebox-test-uploads";
const TABLE = "shoebox-test-photos";
const BATCHES = "shoebox-test-batches";
const LIMITS = "shoebox-test-limits";
const SUBJECT = "5b6f1c52-7a7e-4a8e-9a0e-0f6c3f3b9d21";

let moto: MotoServer;
let invoke: (body: unknown, headers?: Record<string, string>) => Promise<APIGatewayProxyStructuredResultV2>;
/** API Gateway's request id in the event fixture: the correlation id of a request without its own. */
const REQUEST_ID = "Hk3nXj1moAMEYxw=";

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, {
    UPLOADS_BUCKET: BUCKET,
    PHOTOS_TABLE: TABLE,
    BATCHES_TABLE: BATCHES,
    MAX_UPLOAD_BYTES: "5000000",
    LIMITS_TABLE: LIMITS,
    // These tests send requests back to back; the request limit is tested in user-limits.test.ts.
    USER_REQUESTS_PER_SECOND: "0",
  });
  await createBucket(BUCKET);
  await createPhotosTable(TABLE);
  await createBatchesTable(BATCHES);
  await createLimitsTable(LIMITS);
  const { handler } = await import("../../src/handler.ts");
  invoke = async (body, headers = {}) => {
    const event = httpEvent({ method: "POST", route: "/uploads", body });
    Object.assign(event.headers, headers);
    return (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  };
});

afterAll(async () => moto?.stop());
afterEach(() => vi.restoreAllMocks());

const uploadFile = async (
  accepted: UploadResponse["uploads"][number],
  bytes: Buffer,
  contentType: string,
) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(accepted.upload.fields)) form.append(name, value);
  form.set("Content-Type", contentType);
  form.append("file", new Blob([bytes], { type: contentType }));
  return fetch(accepted.upload.url, { method: "POST", body: form });
};

describe("POST /uploads", () => {
  it("answers one presigned POST per file for hundreds of files, each recorded PENDING under the caller", async () => {
    // Prepare
    const files = Array.from({ length: 300 }, (_, i) => ({
      name: `IMG_${i}.jpg`,
      contentType: "image/jpeg",
      size: 2048,
    }));

    // Act
    const response = await invoke({ files });

    // Assess
    expect(response.statusCode).toBe(201);
    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    expect(result.uploads).toHaveLength(300);
    expect(result.rejected).toEqual([]);
    const ownerId = ownerIdFromClaims(fixtureIssuer(), SUBJECT);
    expect(result.uploads.every((upload) => upload.key === `uploads/${ownerId}/${upload.photoId}`)).toBe(
      true,
    );
    expect(new Set(result.uploads.map((upload) => upload.photoId)).size).toBe(300);

    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const stored = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "ownerId = :o",
        ExpressionAttributeValues: { ":o": ownerId },
        Select: "COUNT",
      }),
    );
    expect(stored.Count).toBe(300);
    const batch = await dynamo.send(
      new GetCommand({ TableName: BATCHES, Key: { ownerId, batchId: result.batchId } }),
    );
    expect(batch.Item).toMatchObject({
      expected: 300,
      processed: 0,
      failed: 0,
      stored: 0,
      duplicate: 0,
      invalid: 0,
    });
  });

  it("never uses the client's file name in the key", async () => {
    const response = await invoke({
      files: [{ name: "../../etc/passwd.jpg", contentType: "image/jpeg", size: 10 }],
    });

    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    expect(result.uploads[0]?.key).toMatch(/^uploads\/[A-Za-z0-9_-]{22}\/[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("signs a policy that pins the exact key, the content type, the declared size and the correlation id, briefly", async () => {
    // Prepare
    const before = Date.now();

    // Act
    const response = await invoke({ files: [{ name: "a.png", contentType: "image/png", size: 16 }] });

    // Assess
    const { uploads, correlationId } = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    const [accepted] = uploads;
    const policy = JSON.parse(Buffer.from(String(accepted?.upload.fields.Policy), "base64").toString("utf8"));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: BUCKET },
        { key: accepted?.key },
        ["content-length-range", 1, 16],
        ["eq", "$Content-Type", "image/png"],
        // S3 checks every form field against the signed policy: a browser that changes the
        // metadata's value, or leaves it out, is refused (403). moto does not check; S3 does.
        ["eq", "$x-amz-meta-correlation-id", correlationId],
      ]),
    );
    expect(accepted?.upload.fields["x-amz-meta-correlation-id"]).toBe(correlationId);
    const expiresInMs = Date.parse(policy.expiration) - before;
    expect(expiresInMs).toBeGreaterThan(0);
    expect(expiresInMs).toBeLessThanOrEqual(300_000 + 1000);
  });

  // moto stores what a presigned POST sends but does not enforce the policy's conditions;
  // the policy itself is asserted above, the upload path here.
  it("lets the holder upload the declared object with a multipart POST, as a browser would", async () => {
    const response = await invoke({ files: [{ name: "a.png", contentType: "image/png", size: 16 }] });
    const [accepted] = UploadResponseSchema.parse(JSON.parse(String(response.body))).uploads;
    if (!accepted) throw new Error("no upload accepted");

    const upload = await uploadFile(accepted, Buffer.alloc(16, 7), "image/png");

    expect(upload.status).toBeLessThan(300);
    const object = await new S3Client({ forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: accepted.key }),
    );
    expect(object.ContentType).toBe("image/png");
    expect(object.Metadata).toEqual({ "correlation-id": REQUEST_ID });
    expect(Buffer.from((await object.Body?.transformToByteArray()) ?? [])).toEqual(Buffer.alloc(16, 7));
  });

  it("names the request's correlation id in the answer and on every PENDING item: API Gateway's request id", async () => {
    const response = await invoke({ files: [{ name: "a.jpg", contentType: "image/jpeg", size: 10 }] });

    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    expect(result.correlationId).toBe(REQUEST_ID);
    const ownerId = ownerIdFromClaims(fixtureIssuer(), SUBJECT);
    const item = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new GetCommand({ TableName: TABLE, Key: { ownerId, photoId: result.uploads[0]?.photoId } }),
    );
    expect(item.Item?.correlationId).toBe(REQUEST_ID);
  });

  it("takes the client's X-Correlation-Id when it is a safe token, and signs that one", async () => {
    const response = await invoke(
      { files: [{ name: "a.jpg", contentType: "image/jpeg", size: 10 }] },
      { "x-correlation-id": "verify-deploy-42" },
    );

    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    expect(result.correlationId).toBe("verify-deploy-42");
    expect(result.uploads[0]?.upload.fields["x-amz-meta-correlation-id"]).toBe("verify-deploy-42");
  });

  it("refuses bad files one by one and still serves the good ones, counting both", async () => {
    const counted = vi.spyOn(metrics, "addMetric");

    const response = await invoke({
      files: [
        { name: "ok.jpg", contentType: "image/jpeg", size: 100 },
        { name: "vector.svg", contentType: "image/svg+xml", size: 100 },
        { name: "huge.jpg", contentType: "image/jpeg", size: 6_000_000 },
      ],
    });

    expect(response.statusCode).toBe(201);
    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    expect(result.uploads.map((upload) => upload.index)).toEqual([0]);
    expect(result.rejected.map((refusal) => [refusal.index, refusal.name])).toEqual([
      [1, "vector.svg"],
      [2, "huge.jpg"],
    ]);
    expect(counted.mock.calls).toEqual([
      ["UploadsAccepted", "Count", 1],
      ["UploadsRefused", "Count", 2],
    ]);
  });

  it("counts only the admitted files as the batch's expected uploads", async () => {
    const response = await invoke({
      files: [
        { name: "ok.jpg", contentType: "image/jpeg", size: 100 },
        { name: "notes.txt", contentType: "text/plain", size: 100 },
      ],
    });

    const { batchId } = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const ownerId = ownerIdFromClaims(fixtureIssuer(), SUBJECT);
    const batch = await dynamo.send(new GetCommand({ TableName: BATCHES, Key: { ownerId, batchId } }));
    expect(batch.Item?.expected).toBe(1);
  });

  it("adds the files of a second request to the caller's batch, so a batch can outgrow one request", async () => {
    // Prepare
    const files = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `r${i}.jpg`,
        contentType: "image/jpeg",
        size: 10,
        kind: "receipt",
      }));
    const first = UploadResponseSchema.parse(JSON.parse(String((await invoke({ files: files(3) })).body)));

    // Act
    const second = await invoke({ files: files(2), batchId: first.batchId });

    // Assess
    expect(second.statusCode).toBe(201);
    expect(UploadResponseSchema.parse(JSON.parse(String(second.body))).batchId).toBe(first.batchId);
    const ownerId = ownerIdFromClaims(fixtureIssuer(), SUBJECT);
    const batch = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new GetCommand({ TableName: BATCHES, Key: { ownerId, batchId: first.batchId } }),
    );
    expect(batch.Item?.expected).toBe(5);
  });

  it("answers 404 to a batch id that is not the caller's", async () => {
    const response = await invoke({
      files: [{ name: "r.jpg", contentType: "image/jpeg", size: 10 }],
      batchId: "01JD3M7Z8K9Q4R5S6T7V8W9X0Y",
    });

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(String(response.body))).toEqual({ message: "batch not found" });
  });

  it("gives a zip of receipts the batch's archive key, and no photo item: its images get theirs when fanned out", async () => {
    // Act
    const response = await invoke({
      files: [
        { name: "january.zip", contentType: "application/zip", size: 200_000_000, kind: "receipt" },
        { name: "february.zip", contentType: "application/zip", size: 1000, kind: "receipt" },
      ],
    });

    // Assess
    const result = UploadResponseSchema.parse(JSON.parse(String(response.body)));
    const ownerId = ownerIdFromClaims(fixtureIssuer(), SUBJECT);
    expect(result.uploads).toEqual([
      expect.objectContaining({ index: 0, key: `archives/${ownerId}/${result.batchId}` }),
    ]);
    expect(result.uploads[0]).not.toHaveProperty("photoId");
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 1, reason: expect.stringMatching(/one archive/) }),
    ]);
    const photos = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "ownerId = :o",
        FilterExpression: "batchId = :b",
        ExpressionAttributeValues: { ":o": ownerId, ":b": result.batchId },
      }),
    );
    expect(photos.Items).toEqual([]);
  });

  it("refuses a zip sent to an existing batch, whose archive key is taken, and admits the request's images", async () => {
    // Prepare
    const image = { name: "r.jpg", contentType: "image/jpeg", size: 10, kind: "receipt" };
    const first = UploadResponseSchema.parse(JSON.parse(String((await invoke({ files: [image] })).body)));

    // Act
    const second = await invoke({
      files: [{ name: "march.zip", contentType: "application/zip", size: 1000, kind: "receipt" }, image],
      batchId: first.batchId,
    });

    // Assess
    const result = UploadResponseSchema.parse(JSON.parse(String(second.body)));
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 0, reason: expect.stringMatching(/one archive per batch/) }),
    ]);
    expect(result.uploads).toEqual([expect.objectContaining({ index: 1 })]);
    expect(result.uploads[0]?.key).toMatch(/^uploads\//);
  });

  it("answers 422 when every file is refused", async () => {
    const response = await invoke({ files: [{ name: "notes.txt", contentType: "text/plain", size: 10 }] });

    expect(response.statusCode).toBe(422);
  });

  it.each([
    ["not JSON", "{files:", /malformed|invalid/i],
    ["no files", { files: [] }, /files/],
    [
      "too many files",
      { files: Array.from({ length: 501 }, () => ({ name: "a.jpg", contentType: "image/jpeg", size: 1 })) },
      /files/,
    ],
    [
      "a negative size",
      { files: [{ name: "a.jpg", contentType: "image/jpeg", size: -1 }] },
      /files\.0\.size/,
    ],
    ["an unknown field", { files: [], admin: true }, /admin/],
  ])("answers 400 with readable issues for %s", async (_, body, pattern) => {
    const response = await invoke(body);

    expect(response.statusCode).toBe(400);
    expect(response.headers?.["content-type"]).toBe("application/json");
    expect(String(response.body)).toMatch(pattern);
  });
});
