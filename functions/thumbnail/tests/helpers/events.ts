import { readFileSync } from "node:fs";
import { lambdaContext as sharedLambdaContext } from "@shoebox/testing";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

/** Loads a JSON event fixture, e.g. `loadEvent("sqs/s3-object-created")`. */
export const loadEvent = <Event = SQSEvent>(name: string): Event =>
  JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), "utf8")) as Event;

/** What S3 does to a key in a notification: URL-encoded per segment, spaces as `+`. */
export const encodeS3Key = (key: string): string =>
  key
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, "+"))
    .join("/");

const [template] = loadEvent("sqs/s3-object-created").Records;

/** One upload as an event names it: the key, and the version S3 created in a versioned bucket. */
export type NotifiedKey = string | { key: string; versionId: string };

/**
 * The uploads queue's event for these upload keys, one message each, shaped exactly like the
 * `sqs/s3-object-created` fixture (bucket `shoebox-dev-uploads`), each message received
 * `receiveCount` times so far.
 */
export const uploadsQueueEvent = (keys: readonly NotifiedKey[], receiveCount = 1): SQSEvent => {
  if (!template) throw new Error("the s3-object-created fixture has no record");
  const records = keys.map((named, index): SQSRecord => {
    const { key, versionId } = typeof named === "string" ? { key: named, versionId: undefined } : named;
    const notification = JSON.parse(template.body);
    notification.Records[0].s3.object.key = encodeS3Key(key);
    if (versionId) notification.Records[0].s3.object.versionId = versionId;
    return {
      ...template,
      messageId: `message-${index + 1}`,
      body: JSON.stringify(notification),
      attributes: { ...template.attributes, ApproximateReceiveCount: String(receiveCount) },
    };
  });
  return { Records: records };
};

/** The Lambda context the runtime passes; Powertools' logger reads it. */
export const lambdaContext: Context = sharedLambdaContext("shoebox-dev-thumbnail");

/** The configuration the tests run the function with (bucket names match the fixtures). */
export const testEnvironment = {
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  THUMBNAILS_BUCKET: "shoebox-dev-thumbnails",
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  EVENTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:shoebox-dev-events",
  THUMBNAIL_SIZES: "small:160,medium:640",
  MAX_INPUT_BYTES: "26214400",
  MAX_DECODE_BYTES: String(384 * 1024 * 1024),
  MAX_RECEIVES: "5",
  POWERTOOLS_SERVICE_NAME: "thumbnail",
  POWERTOOLS_LOG_LEVEL: "ERROR",
};
