import { readFileSync } from "node:fs";
import { TransientError, UnprocessableMessageError } from "@shoebox/runtime";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { RecordOutcome } from "../../src/deliver-batch.ts";
import { settleRecord, waitingForDatabase } from "../../src/settle-record.ts";

const event = readFileSync(new URL("../events/sqs/receipt-delivery.json", import.meta.url), "utf8");
const [fixtureRecord] = (JSON.parse(event) as SQSEvent).Records;
const fixture = (messageId: string) => ({ ...fixtureRecord, messageId }) as SQSRecord;

// Rejections write to DynamoDB: tests/integration covers them against moto.
const targets = { receiptsTable: "unused", batchesTable: "unused", eventsTopicArn: "unused" };

const unavailable = new TransientError("the database is unavailable");
const invalid = new UnprocessableMessageError("body: not JSON");
const outcomes = new Map<string, RecordOutcome>([
  ["inserted", { result: "inserted" }],
  ["unavailable", { error: unavailable }],
  ["invalid", { error: invalid }],
]);

describe("waitingForDatabase", () => {
  it("picks only the records that failed because the database was unavailable", () => {
    const records = ["inserted", "unavailable", "invalid", "unknown"].map(fixture);

    expect(waitingForDatabase(records, outcomes).map((record) => record.messageId)).toEqual(["unavailable"]);
  });
});

describe("settleRecord", () => {
  const settle = settleRecord(outcomes, targets);

  it("acknowledges a committed receipt", async () => {
    await expect(settle(fixture("inserted"))).resolves.toBeUndefined();
  });

  it("fails a record with its own typed error", async () => {
    await expect(settle(fixture("unavailable"))).rejects.toBe(unavailable);
    await expect(settle(fixture("invalid"))).rejects.toBe(invalid);
  });

  it("fails a record the batch said nothing about as transient, so it is retried", async () => {
    await expect(settle(fixture("unknown"))).rejects.toThrow(TransientError);
  });
});
