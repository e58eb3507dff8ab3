import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ownerIdFromClaims } from "@shoebox/runtime";
import { IngestEventItemSchema } from "@shoebox/schemas";
import {
  createIngestEventsTable,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TABLE = "shoebox-test-ingest-events";
const ISSUER = "https://issuer.example.com/";
const fixture = (): SQSEvent =>
  JSON.parse(readFileSync(new URL("../events/sqs/ingest-batch.json", import.meta.url), "utf8")) as SQSEvent;

let moto: MotoServer;
let invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;

const storedEvents = async () => {
  const result = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: "ownerId = :o",
      ExpressionAttributeValues: { ":o": ownerIdFromClaims(ISSUER, "device-owner-1") },
    }),
  );
  return (result.Items ?? []).map((item) => IngestEventItemSchema.parse(item));
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, { INGEST_EVENTS_TABLE: TABLE, JWT_ISSUER: ISSUER });
  await createIngestEventsTable(TABLE);
  const { handler } = await import("../../src/handler.ts");
  invoke = (event) => handler(event, lambdaContext("event-ingest"));
});

afterAll(async () => moto?.stop());

describe("event-ingest", () => {
  it("records the valid event and fails only the malformed one, which the queue then redrives to the DLQ", async () => {
    const response = await invoke(fixture());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "f1b1a2c3-0000-4a8e-9a0e-0f6c3f3b9d21" }]);
    const [stored] = await storedEvents();
    expect(stored).toMatchObject({
      eventId: "scan-0001",
      ownerSub: "device-owner-1",
      type: "receipt.scanned",
    });
    expect(stored?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
  });

  it("acknowledges a redelivered event without writing it twice", async () => {
    const [valid] = fixture().Records;
    if (!valid) throw new Error("fixture has no records");
    const before = await storedEvents();

    const response = await invoke({ Records: [{ ...valid, messageId: "redelivered" }] });

    expect(response.batchItemFailures).toEqual([]);
    expect(await storedEvents()).toEqual(before);
  });

  // When every record fails, Powertools throws instead of answering: the event source mapping
  // then backs off as it does for any failed invocation, and every message stays on the queue.
  it("fails a batch whose only event lacks the caller attribute that API Gateway adds", async () => {
    const [valid] = fixture().Records;
    if (!valid) throw new Error("fixture has no records");

    await expect(invoke({ Records: [{ ...valid, messageAttributes: {} }] })).rejects.toThrow(
      /All records failed/,
    );
  });
});
