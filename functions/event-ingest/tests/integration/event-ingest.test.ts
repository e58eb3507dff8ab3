import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ownerIdFromClaims, TransientError } from "@shoebox/runtime";
import { INGEST_BODY_LIMITS, type IngestEventItem, IngestEventItemSchema } from "@shoebox/schemas";
import {
  createIngestEventsTable,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordRejection } from "../../src/record-event.ts";
import { eventBody, hostileBodies, nestedObjects } from "../helpers/bodies.ts";

const TABLE = "shoebox-test-ingest-events";
const ISSUER = "https://issuer.example.com/";
const fixture = (): SQSEvent =>
  JSON.parse(readFileSync(new URL("../events/sqs/ingest-batch.json", import.meta.url), "utf8")) as SQSEvent;

let moto: MotoServer;
let invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The fixture's valid record with another body, message id and caller. */
const recordOf = (body: string, messageId: string, ownerSub: string): SQSRecord => {
  const [template] = fixture().Records;
  if (!template) throw new Error("fixture has no records");
  const ownerAttribute = {
    dataType: "String",
    stringValue: ownerSub,
    stringListValues: [],
    binaryListValues: [],
  };
  return { ...template, body, messageId, messageAttributes: { ownerSub: ownerAttribute } };
};

const storedEvents = async (ownerSub: string): Promise<IngestEventItem[]> => {
  const result = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: "ownerId = :o",
      ExpressionAttributeValues: { ":o": ownerIdFromClaims(ISSUER, ownerSub) },
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
  it("records the valid event and rejects the malformed one with its reason, failing neither", async () => {
    const response = await invoke(fixture());

    expect(response.batchItemFailures).toEqual([]);
    const stored = await storedEvents("device-owner-1");
    expect(stored.find((item) => item.status === "RECORDED")).toMatchObject({
      eventId: "scan-0001",
      ownerSub: "device-owner-1",
      type: "receipt.scanned",
      detail: { pages: 1 },
    });
    expect(stored.find((item) => item.status === "REJECTED")).toMatchObject({
      eventId: "sqs-message#f1b1a2c3-0000-4a8e-9a0e-0f6c3f3b9d21",
      reason: expect.stringMatching(/^not JSON: /),
      bodyExcerpt: '{"eventId":"scan-0002","source":"scanner-17"',
    });
    for (const item of stored) expect(item.expiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
  });

  it("records the good events and rejects every hostile one, with its reason, in one batch that fails nothing", async () => {
    const caller = "hostile-batch";
    const records = [
      recordOf(eventBody('{"pages":1}', "good-1"), "m-good-1", caller),
      ...hostileBodies.map(({ body }, index) => recordOf(body, `m-hostile-${index}`, caller)),
      recordOf('{"eventId":"not-an-event","source":"scanner-17"}', "m-not-an-event", caller),
      recordOf(eventBody('{"pages":2}', "good-2"), "m-good-2", caller),
    ];

    const response = await invoke({ Records: records });

    expect(response.batchItemFailures).toEqual([]);
    const stored = await storedEvents(caller);
    const byId = new Map(stored.map((item) => [item.eventId, item]));
    expect(stored).toHaveLength(records.length);
    expect(byId.get("good-1")).toMatchObject({ status: "RECORDED", detail: { pages: 1 } });
    expect(byId.get("good-2")).toMatchObject({ status: "RECORDED", detail: { pages: 2 } });
    hostileBodies.forEach(({ name, reason }, index) => {
      const item = byId.get(`sqs-message#m-hostile-${index}`);
      expect(item, name).toMatchObject({ status: "REJECTED", messageId: `m-hostile-${index}` });
      expect(item?.status === "REJECTED" && item.reason, name).toMatch(reason);
    });
    expect(byId.get("not-an-event")).toMatchObject({
      status: "REJECTED",
      reason: expect.stringMatching(/^type: /),
    });
    // A rejection stays a small item whatever the body was.
    for (const item of stored) {
      if (item.status === "REJECTED") expect(item.bodyExcerpt.length).toBeLessThanOrEqual(1_000);
    }
  });

  it("stores an event at the limits exactly as sent, so DynamoDB's marshaller and limits never refuse one", async () => {
    const caller = "edge-values";
    const detail = {
      largest: Number.MAX_SAFE_INTEGER,
      smallest: Number.MIN_SAFE_INTEGER,
      tiny: 1e-130,
      fraction: 0.1,
      empty: "",
      nothing: null,
      lists: [[], {}, [true, false]],
      text: "😀".repeat(INGEST_BODY_LIMITS.maxStringLength / 2),
      deep: JSON.parse(nestedObjects(INGEST_BODY_LIMITS.maxDepth - 2)),
    };
    const body = eventBody(JSON.stringify(detail), "edge-1");

    const response = await invoke({ Records: [recordOf(body, "m-edge-1", caller)] });

    expect(response.batchItemFailures).toEqual([]);
    const [stored] = await storedEvents(caller);
    expect(stored).toMatchObject({ status: "RECORDED", eventId: "edge-1" });
    expect(stored?.status === "RECORDED" && stored.detail).toEqual(detail);
  });

  it("acknowledges a redelivered event or rejection without writing it twice", async () => {
    const caller = "redelivery";
    const valid = recordOf(eventBody("{}", "once-1"), "m-once-1", caller);
    const hostile = recordOf(eventBody('{"n":1e400}', "once-2"), "m-once-2", caller);
    await invoke({ Records: [valid, hostile] });
    const before = await storedEvents(caller);

    const response = await invoke({ Records: [valid, hostile] });

    expect(response.batchItemFailures).toEqual([]);
    expect(before).toHaveLength(2);
    expect(await storedEvents(caller)).toEqual(before);
  });

  it("replaces a rejection with the valid event sent again under its eventId, and never a recorded event with a rejection", async () => {
    const caller = "corrections";
    const incomplete = '{"eventId":"fix-1","source":"scanner-17","type":"receipt.scanned"}';
    await invoke({ Records: [recordOf(incomplete, "m-fix-1a", caller)] });
    expect(await storedEvents(caller)).toMatchObject([{ eventId: "fix-1", status: "REJECTED" }]);

    await invoke({ Records: [recordOf(eventBody("{}", "fix-1"), "m-fix-1b", caller)] });
    expect(await storedEvents(caller)).toMatchObject([{ eventId: "fix-1", status: "RECORDED" }]);

    await invoke({ Records: [recordOf(incomplete, "m-fix-1c", caller)] });
    expect(await storedEvents(caller)).toMatchObject([{ eventId: "fix-1", status: "RECORDED" }]);
  });

  it("retries a rejection that AWS fails to write, as a TransientError, instead of dropping it", async () => {
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const owner = { ownerId: ownerIdFromClaims(ISSUER, "aws-trouble"), ownerSub: "aws-trouble" };
    const rejection = { messageId: "m-trouble", eventId: undefined, reason: "not JSON: x", body: "x" };

    await expect(
      recordRejection(dynamo, { table: "no-such-table", retentionDays: 1 }, owner, rejection, new Date()),
    ).rejects.toBeInstanceOf(TransientError);
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
