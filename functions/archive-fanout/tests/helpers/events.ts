import { readFileSync } from "node:fs";
import { lambdaContext as sharedLambdaContext } from "@shoebox/testing";
import type { Context, SQSEvent } from "aws-lambda";

/** Loads a JSON event fixture, e.g. `loadEvent("sqs/s3-archive-created")`. */
export const loadEvent = <Event = SQSEvent>(name: string): Event =>
  JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), "utf8")) as Event;

/** The archives queue's event for one archive key, shaped exactly like `sqs/s3-archive-created`. */
export const archivesQueueEvent = (key: string, bucket = "shoebox-dev-uploads"): SQSEvent => {
  const event = loadEvent("sqs/s3-archive-created");
  const [record] = event.Records;
  if (!record) throw new Error("the s3-archive-created fixture has no record");
  const notification = JSON.parse(record.body);
  notification.Records[0].s3.object.key = key;
  notification.Records[0].s3.bucket.name = bucket;
  return { Records: [{ ...record, body: JSON.stringify(notification) }] };
};

/** The Lambda context the runtime passes; Powertools' logger reads it. */
export const lambdaContext: Context = sharedLambdaContext("shoebox-dev-archive-fanout");

/** The configuration the tests run the function with (bucket name matches the fixtures). */
export const testEnvironment = {
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  POWERTOOLS_SERVICE_NAME: "archive-fanout",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};
