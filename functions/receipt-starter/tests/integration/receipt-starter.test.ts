import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { metrics } from "@shoebox/runtime";
import { PhotoProcessedRecordSchema } from "@shoebox/schemas";
import { createPhotosTable, lambdaContext, type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const PHOTOS_TABLE = "shoebox-test-photos";
const fixture = (): SQSEvent =>
  JSON.parse(
    readFileSync(new URL("../events/sqs/photo-processed-receipt.json", import.meta.url), "utf8"),
  ) as SQSEvent;
const message = PhotoProcessedRecordSchema.parse(fixture().Records[0]).body;

let moto: MotoServer;
let stateMachineArn: string;
let invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;

const executions = async () =>
  (await new SFNClient({}).send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  await createPhotosTable(PHOTOS_TABLE);
  // moto records executions without running them: what is tested here is the start.
  const created = await new SFNClient({}).send(
    new CreateStateMachineCommand({
      name: "shoebox-test-receipt-workflow",
      roleArn: "arn:aws:iam::123456789012:role/shoebox-test-receipt-workflow",
      definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
    }),
  );
  stateMachineArn = String(created.stateMachineArn);
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new PutCommand({
      TableName: PHOTOS_TABLE,
      Item: {
        ownerId: message.ownerId,
        photoId: message.photoId,
        kind: "receipt",
        status: "PROCESSED",
        uploadKey: `uploads/${message.ownerId}/${message.photoId}`,
        originalVersionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        contentType: "image/jpeg",
        receipt: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
        createdAt: "2026-11-24T09:29:58.000Z",
        updatedAt: "2026-11-24T09:30:02.000Z",
      },
    }),
  );
  Object.assign(process.env, { RECEIPT_WORKFLOW_ARN: stateMachineArn, PHOTOS_TABLE });
  const { handler } = await import("../../src/handler.ts");
  invoke = (event) => handler(event, lambdaContext("receipt-starter"));
}, 60_000);

afterAll(async () => moto?.stop());
afterEach(() => vi.restoreAllMocks());

describe("receipt-starter", () => {
  it("starts one execution named after the photo, with the photo's receipt hints as input", async () => {
    const response = await invoke(fixture());

    expect(response.batchItemFailures).toEqual([]);
    const [execution, ...others] = await executions();
    expect(others).toEqual([]);
    expect(execution?.name).toBe(message.photoId);
    const described = await new SFNClient({}).send(
      new DescribeExecutionCommand({ executionArn: execution?.executionArn }),
    );
    expect(JSON.parse(String(described.input))).toEqual({
      receipts: [
        {
          ownerId: message.ownerId,
          photoId: message.photoId,
          batchId: message.batchId,
          original: {
            key: `uploads/${message.ownerId}/${message.photoId}`,
            versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
            contentType: "image/jpeg",
          },
          sha256: message.image.sha256,
          uploadedAt: "2026-11-24T09:29:58.000Z",
          receipt: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
        },
      ],
    });
  });

  it("acknowledges a redelivered message without starting a second execution", async () => {
    const response = await invoke(fixture());

    expect(response.batchItemFailures).toEqual([]);
    expect(await executions()).toHaveLength(1);
  });

  it("passes the correlation id the thumbnail function recorded on the photo into the workflow, and counts the start", async () => {
    // Prepare
    const photoId = "01KAXG3W7R5N8ZK4T2B9C6D1EH";
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new PutCommand({
        TableName: PHOTOS_TABLE,
        Item: {
          ownerId: message.ownerId,
          photoId,
          kind: "receipt",
          status: "PROCESSED",
          uploadKey: `uploads/${message.ownerId}/${photoId}`,
          correlationId: "Hk3nXj1moAMEYxw=",
          createdAt: "2026-11-24T09:29:58.000Z",
          updatedAt: "2026-11-24T09:30:02.000Z",
        },
      }),
    );
    const event = fixture();
    const [record] = event.Records;
    if (!record) throw new Error("fixture has no records");
    record.body = JSON.stringify({ ...message, photoId });
    const counted = vi.spyOn(metrics, "addMetric");

    // Act
    const response = await invoke(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const started = (await executions()).find((execution) => execution.name === photoId);
    const described = await new SFNClient({}).send(
      new DescribeExecutionCommand({ executionArn: started?.executionArn }),
    );
    expect(JSON.parse(String(described.input)).receipts[0].correlationId).toBe("Hk3nXj1moAMEYxw=");
    expect(counted).toHaveBeenCalledWith("ReceiptsStarted", "Count", 1);
  });

  it("acknowledges a receipt whose photo is gone, starting nothing", async () => {
    const event = fixture();
    const [record] = event.Records;
    if (!record) throw new Error("fixture has no records");
    record.body = JSON.stringify({ ...message, photoId: "01KAXG3W7R5N8ZK4T2B9C6D1EG" });

    const response = await invoke(event);

    expect(response.batchItemFailures).toEqual([]);
    expect(await executions()).toHaveLength(2);
  });

  it("fails a record that is not a photo.processed message, so the queue redrives it to the DLQ", async () => {
    const event = fixture();
    const [record] = event.Records;
    if (!record) throw new Error("fixture has no records");

    await expect(invoke({ Records: [{ ...record, body: '{"eventType":"photo.failed"}' }] })).rejects.toThrow(
      /All records failed/,
    );
  });
});
