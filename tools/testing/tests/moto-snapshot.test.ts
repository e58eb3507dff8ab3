import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedTable } from "../src/aws-resources.ts";
import { type MotoServer, motoEmulator, restoreMoto, snapshotMoto, startMoto } from "../src/moto.ts";

// The snapshot endpoint of tools/testing/moto/server.py, over the wire, as the local stack uses
// it: everything one server holds, put into another one, with the values that differ between
// the two (its address, a URL) put in anew. What a snapshot keeps and how is tested inside moto's
// process: tools/testing/moto/test_snapshot.py.
const TABLE = "shoebox-test-snapshot";
const BUCKET = "shoebox-test-snapshot";
const key = { pk: { S: "stack" }, sk: { S: "config" } };
let recorded: MotoServer;
let restored: MotoServer;

const clientOptions = (moto: MotoServer) => ({
  endpoint: moto.endpoint,
  region: "eu-west-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const addressOf = (moto: MotoServer) => new URL(moto.endpoint).host;
const queueUrl = (moto: MotoServer) => `http://${addressOf(moto)}/123456789012/uploads`;

beforeAll(async () => {
  [recorded, restored] = await Promise.all([startMoto(), startMoto()]);
});

afterAll(async () => {
  await Promise.all([recorded?.stop(), restored?.stop()]);
});

describe("moto snapshots", () => {
  it("says which moto and Python a snapshot needs", async () => {
    expect(await motoEmulator(recorded.endpoint)).toEqual({
      moto: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      python: expect.stringMatching(/^3\.\d+\.\d+$/),
      code: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("puts what one server holds into another, with that server's values in its strings", async () => {
    const dynamodb = new DynamoDBClient(clientOptions(recorded));
    const s3 = new S3Client({ ...clientOptions(recorded), forcePathStyle: true });
    await createKeyedTable(TABLE, "pk", "sk", dynamodb);
    await dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...key, issuer: { S: "http://127.0.0.1:7001" }, queue: { S: queueUrl(recorded) } },
      }),
    );
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "queue.txt", Body: queueUrl(recorded) }));
    dynamodb.destroy();
    s3.destroy();

    const snapshot = await snapshotMoto(recorded.endpoint, {
      address: addressOf(recorded),
      issuer: "http://127.0.0.1:7001",
    });
    const services = await restoreMoto(restored.endpoint, snapshot, {
      address: addressOf(restored),
      issuer: "http://127.0.0.1:8002",
    });

    expect(services).toEqual(
      expect.arrayContaining(["moto.dynamodb.models.dynamodb_backends", "moto.s3.models.s3_backends"]),
    );
    const after = new DynamoDBClient(clientOptions(restored));
    const afterS3 = new S3Client({ ...clientOptions(restored), forcePathStyle: true });
    try {
      expect((await after.send(new GetItemCommand({ TableName: TABLE, Key: key }))).Item).toEqual({
        ...key,
        issuer: { S: "http://127.0.0.1:8002" },
        queue: { S: queueUrl(restored) },
      });
      // An object's bytes are data, not a string of moto's: kept as they were.
      const object = await afterS3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "queue.txt" }));
      expect(await object.Body?.transformToString()).toBe(queueUrl(recorded));
    } finally {
      after.destroy();
      afterS3.destroy();
    }
  });

  it("refuses a restore without the values the snapshot holds, and says why", async () => {
    const snapshot = await snapshotMoto(recorded.endpoint, { address: addressOf(recorded) });
    await expect(restoreMoto(restored.endpoint, snapshot, {})).rejects.toThrow(
      /moto restore failed \(500\).*address/,
    );
  });

  it("is not there on moto as released", async () => {
    const plain = await startMoto({ patched: false });
    try {
      expect(await motoEmulator(plain.endpoint)).toBeUndefined();
    } finally {
      await plain.stop();
    }
  });
});
