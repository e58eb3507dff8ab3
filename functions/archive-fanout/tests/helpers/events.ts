import { readFileSync } from "node:fs";
import type { Message } from "@aws-sdk/client-sqs";
import { lambdaContext as sharedLambdaContext } from "@shoebox/testing";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

/** Loads a JSON event fixture, e.g. `loadEvent("sqs/s3-archive-created")`. */
export const loadEvent = <Event = SQSEvent>(name: string): Event =>
  JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), "utf8")) as Event;

const fixtureRecord = (): SQSRecord => {
  const [record] = loadEvent("sqs/s3-archive-created").Records;
  if (!record) throw new Error("the s3-archive-created fixture has no record");
  return record;
};

/** The archives queue's event for one archive key, shaped exactly like `sqs/s3-archive-created`. */
export const archivesQueueEvent = (key: string, bucket = "shoebox-dev-uploads"): SQSEvent => {
  const record = fixtureRecord();
  const notification = JSON.parse(record.body);
  notification.Records[0].s3.object.key = key;
  notification.Records[0].s3.bucket.name = bucket;
  return { Records: [{ ...record, body: JSON.stringify(notification) }] };
};

/** The event the event source mapping makes of messages received from the archives queue, message attributes included. */
export const archivesQueueEventOf = (messages: readonly Message[]): SQSEvent => ({
  Records: messages.map((message) => ({
    ...fixtureRecord(),
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    md5OfBody: message.MD5OfBody ?? "",
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? "String", stringValue: value.StringValue },
      ]),
    ),
  })),
});

/** The Lambda context the runtime passes; Powertools' logger reads it. */
export const lambdaContext: Context = sharedLambdaContext("shoebox-dev-archive-fanout");

/** The configuration the tests run the function with (bucket name matches the fixtures). */
export const testEnvironment = {
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  // The name is what SQS reads from a queue URL: moto answers this one for its own queue.
  ARCHIVES_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-dev-archives",
  POWERTOOLS_SERVICE_NAME: "archive-fanout",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};
