import { describe, expect, it } from "vitest";
import { buildSqsEvent, settleBatch } from "../src/sqs-event.ts";
import { describeS3Message } from "../src/sqs-poller.ts";

const ARN = "arn:aws:sqs:eu-west-1:123456789012:shoebox-local-ingest";

describe("buildSqsEvent", () => {
  it("builds Lambda's SQS records: lowerCamel attributes, system attributes, source ARN and region", () => {
    const event = buildSqsEvent(
      [
        {
          MessageId: "m-1",
          ReceiptHandle: "rh-1",
          Body: '{"a":1}',
          MD5OfBody: "md5",
          MD5OfMessageAttributes: "md5-attrs",
          Attributes: {
            ApproximateReceiveCount: "2",
            SentTimestamp: "1700000000000",
            SenderId: "AID",
            ApproximateFirstReceiveTimestamp: "1700000000001",
          },
          MessageAttributes: {
            ownerSub: { DataType: "String", StringValue: "user-1" },
            blob: { DataType: "Binary", BinaryValue: Buffer.from("hi") },
          },
        },
      ],
      ARN,
      "eu-west-1",
    );
    expect(event.Records).toEqual([
      {
        messageId: "m-1",
        receiptHandle: "rh-1",
        body: '{"a":1}',
        attributes: {
          ApproximateReceiveCount: "2",
          SentTimestamp: "1700000000000",
          SenderId: "AID",
          ApproximateFirstReceiveTimestamp: "1700000000001",
        },
        messageAttributes: {
          ownerSub: {
            stringValue: "user-1",
            binaryValue: null,
            stringListValues: [],
            binaryListValues: [],
            dataType: "String",
          },
          blob: {
            stringValue: null,
            binaryValue: Buffer.from("hi").toString("base64"),
            stringListValues: [],
            binaryListValues: [],
            dataType: "Binary",
          },
        },
        md5OfBody: "md5",
        md5OfMessageAttributes: "md5-attrs",
        eventSource: "aws:sqs",
        eventSourceARN: ARN,
        awsRegion: "eu-west-1",
      },
    ]);
  });

  it("fills the system attributes Lambda always sends", () => {
    const [record] = buildSqsEvent(
      [{ MessageId: "m", ReceiptHandle: "r", Body: "x" }],
      ARN,
      "eu-west-1",
    ).Records;
    expect(record?.attributes.ApproximateReceiveCount).toBe("1");
    expect(record?.attributes.SentTimestamp).toMatch(/^\d+$/);
    expect(record?.messageAttributes).toEqual({});
    expect(record).not.toHaveProperty("md5OfMessageAttributes");
  });
});

describe("settleBatch", () => {
  const ids = ["a", "b", "c"];

  it("deletes everything when the function reports no failures", () => {
    expect(settleBatch(ids, { ok: true, result: { batchItemFailures: [] } }, true)).toEqual({
      kind: "success",
      succeeded: ids,
      failed: [],
    });
    expect(settleBatch(ids, { ok: true, result: null }, true)).toEqual({
      kind: "success",
      succeeded: ids,
      failed: [],
    });
  });

  it("keeps exactly the reported failures", () => {
    expect(
      settleBatch(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: "b" }] } }, true),
    ).toEqual({
      kind: "success",
      succeeded: ["a", "c"],
      failed: ["b"],
    });
  });

  it("fails the whole batch on a function error or an invalid response", () => {
    expect(
      settleBatch(ids, { ok: false, error: { errorType: "Error", errorMessage: "boom" } }, true),
    ).toEqual({ kind: "error", reason: "Error: boom" });
    expect(
      settleBatch(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: "zzz" }] } }, true).kind,
    ).toBe("invalid-response");
    expect(
      settleBatch(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: "" }] } }, true).kind,
    ).toBe("invalid-response");
    expect(settleBatch(ids, { ok: true, result: { batchItemFailures: "b" } }, true).kind).toBe(
      "invalid-response",
    );
  });

  it("ignores batchItemFailures without ReportBatchItemFailures", () => {
    expect(
      settleBatch(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: "b" }] } }, false),
    ).toEqual({ kind: "success", succeeded: ids, failed: [] });
  });
});

describe("describeS3Message", () => {
  it("names the object of an S3 notification, decoding its key", () => {
    const body = JSON.stringify({
      Records: [
        {
          eventSource: "aws:s3",
          eventName: "ObjectCreated:Post",
          s3: { bucket: { name: "b" }, object: { key: "uploads/o/my+photo%281%29.jpg", size: 12 } },
        },
      ],
    });
    expect(describeS3Message(body)).toBe("ObjectCreated:Post s3://b/uploads/o/my photo(1).jpg (12 bytes)");
  });

  it("recognises the test event and ignores other bodies", () => {
    expect(describeS3Message('{"Event":"s3:TestEvent","Bucket":"b"}')).toMatch(/s3:TestEvent from bucket b/);
    expect(describeS3Message('{"eventId":"e"}')).toBeUndefined();
    expect(describeS3Message("not json")).toBeUndefined();
  });
});
