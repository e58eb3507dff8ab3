import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import {
  ArchivesQueueRecordSchema,
  DeliveryRecordSchema,
  IngestRecordSchema,
  PhotoProcessedMessageSchema,
  PhotoProcessedRecordSchema,
  S3NotificationRecordSchema,
} from "../src/index.ts";
import { jsonText, SqsRecordSchema } from "../src/sqs-records.ts";

interface SqsRecordFixture {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
}

/** The records of a function's SQS event fixture: events as the event source mapping delivers them. */
const fixtureRecords = (fn: string, name: string): SqsRecordFixture[] =>
  JSON.parse(
    readFileSync(new URL(`../../../functions/${fn}/tests/events/sqs/${name}.json`, import.meta.url), "utf8"),
  ).Records;

const firstRecord = (fn: string, name: string): SqsRecordFixture => {
  const [record] = fixtureRecords(fn, name);
  if (!record) throw new Error(`${fn}/${name}.json holds no record`);
  return record;
};

const issuesOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);

describe("the record schemas read the functions' real SQS events", () => {
  it.each([
    ["archive-fanout", "archive-continuation", ArchivesQueueRecordSchema],
    ["archive-fanout", "s3-archive-created", ArchivesQueueRecordSchema],
    ["archive-fanout", "s3-test-event", ArchivesQueueRecordSchema],
    ["event-ingest", "ingest-batch", IngestRecordSchema],
    ["receipt-delivery", "receipt-delivery", DeliveryRecordSchema],
    ["receipt-starter", "photo-processed-receipt", PhotoProcessedRecordSchema],
    ["thumbnail", "s3-object-created", S3NotificationRecordSchema],
    ["thumbnail", "s3-object-created-foreign-key", S3NotificationRecordSchema],
    ["thumbnail", "s3-test-event", S3NotificationRecordSchema],
  ] as const)("%s: %s.json", (fn, name, schema) => {
    for (const record of fixtureRecords(fn, name)) {
      const result = schema.safeParse(record);
      expect(issuesOf(result)).toBeUndefined();
      expect(result.data).toMatchObject({
        messageId: record.messageId,
        attributes: { ApproximateReceiveCount: record.attributes.ApproximateReceiveCount },
      });
    }
  });

  it("keeps what the functions read of an S3 event, the version included, and drops the rest", () => {
    const record = firstRecord("thumbnail", "s3-object-created");
    const body = JSON.parse(record.body);
    body.Records[0].s3.object.versionId = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";
    body.Records[0].requestParameters.sourceIPAddress = "2001:db8::17"; // a dual-stack upload

    const parsed = S3NotificationRecordSchema.parse({ ...record, body: JSON.stringify(body) });

    expect(parsed).toEqual({
      messageId: record.messageId,
      attributes: { ApproximateReceiveCount: "1" },
      body: {
        Records: [
          {
            eventName: "ObjectCreated:Post",
            s3: {
              bucket: { name: "shoebox-dev-uploads" },
              object: {
                key: "uploads/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
                versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
              },
            },
          },
        ],
      },
    });
  });
});

describe("SqsRecordSchema", () => {
  const record = firstRecord("receipt-starter", "photo-processed-receipt");

  it("needs the receive count that functions give up by", () => {
    const { ApproximateReceiveCount: _, ...attributes } = record.attributes;
    expect(issuesOf(SqsRecordSchema.safeParse({ ...record, attributes }))).toEqual([
      "attributes.ApproximateReceiveCount: Invalid input: expected string, received undefined",
    ]);
  });
});

describe("jsonText", () => {
  const PhotoProcessedTextSchema = jsonText(PhotoProcessedMessageSchema);

  it("names text that is not JSON as an issue of the field, without throwing", () => {
    const record = firstRecord("receipt-starter", "photo-processed-receipt");
    const result = PhotoProcessedRecordSchema.safeParse({ ...record, body: "{not json" });
    expect(issuesOf(result)).toEqual([expect.stringMatching(/^body: Invalid JSON - /)]);
  });

  it("checks the parsed JSON with its schema", () => {
    expect(issuesOf(PhotoProcessedTextSchema.safeParse('{"eventType":"photo.failed"}'))?.[0]).toMatch(
      /^eventType: /,
    );
  });
});
