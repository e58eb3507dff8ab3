import { JSONStringified } from "@aws-lambda-powertools/parser/helpers";
import { S3Schema } from "@aws-lambda-powertools/parser/schemas/s3";
import { SqsRecordSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import * as z from "zod";

/** S3 sends this once when a notification configuration is saved; it names no object. */
export const S3TestEventSchema = z.object({
  Service: z.literal("Amazon S3"),
  Event: z.literal("s3:TestEvent"),
  Bucket: z.string(),
});

/**
 * Powertools' S3 record, except that the requester's address may be any string: uploads over
 * IPv6 (dual-stack endpoints) would otherwise fail to parse and end in the DLQ.
 */
const S3RecordSchema = S3Schema.shape.Records.element.extend({
  requestParameters: z.object({ sourceIPAddress: z.string() }),
});

/** The body of a message that S3 put on the uploads queue: object events, or the test event. */
export const S3NotificationBodySchema = z.union([
  z.object({ Records: z.array(S3RecordSchema).min(1) }),
  S3TestEventSchema,
]);

/** One SQS record from the uploads queue, its body parsed from JSON. */
export const S3NotificationRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(S3NotificationBodySchema),
});

export type S3NotificationBody = z.infer<typeof S3NotificationBodySchema>;
export type S3NotificationRecord = z.infer<typeof S3NotificationRecordSchema>;

/** Keys in S3 notifications are URL-encoded, with spaces as `+`. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, " "));
