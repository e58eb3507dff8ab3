import { describe, expect, it } from "vitest";
import { IngestEventItemSchema, IngestRecordSchema } from "../src/index.ts";

const record = (body: string, messageAttributes: object) => ({
  messageId: "2e1424d4-f796-459a-8184-9c92662be6da",
  receiptHandle: "AQEBzWwaftRI0KuVm4tP",
  body,
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "1795512600000",
    SenderId: "AROAEXAMPLE:BackplaneAssumeRoleSession",
    ApproximateFirstReceiveTimestamp: "1795512600010",
  },
  messageAttributes,
  md5OfBody: "0c1d2c6e3d1e7f4ab3b2a5c1f0e9d8c7",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:shoebox-dev-ingest",
  awsRegion: "us-east-1",
});
const ownerSub = { ownerSub: { stringValue: "device-owner-1", dataType: "String" } };

const stored = {
  ownerId: "Zk3vQ9x_T2mB-8pLwYc1Ra",
  ownerSub: "device-owner-1",
  receivedAt: "2026-11-24T09:30:01.000Z",
  expiresAt: 1_803_288_601,
};

describe("IngestRecordSchema", () => {
  it("keeps any body as text, for event-ingest to read within its limits", () => {
    const parsed = IngestRecordSchema.parse(record('{"n":1e400', ownerSub));

    expect(parsed.body).toBe('{"n":1e400');
  });

  it("refuses a record without the ownerSub attribute API Gateway adds", () => {
    expect(IngestRecordSchema.safeParse(record("{}", {})).success).toBe(false);
  });
});

describe("IngestEventItemSchema", () => {
  it("reads a recorded event and a rejected body by their status", () => {
    const recorded = {
      ...stored,
      status: "RECORDED",
      eventId: "scan-0001",
      source: "scanner-17",
      type: "receipt.scanned",
      occurredAt: "2026-11-24T09:30:00Z",
      detail: { pages: 1 },
    };
    const rejected = {
      ...stored,
      status: "REJECTED",
      eventId: "sqs-message#2e1424d4-f796-459a-8184-9c92662be6da",
      reason: "the number 1e400 is out of range",
      messageId: "2e1424d4-f796-459a-8184-9c92662be6da",
      bodyExcerpt: '{"n":1e400}',
    };

    expect(IngestEventItemSchema.parse(recorded)).toEqual(recorded);
    expect(IngestEventItemSchema.parse(rejected)).toEqual(rejected);
    expect(IngestEventItemSchema.safeParse({ ...rejected, status: "RECORDED" }).success).toBe(false);
  });
});
