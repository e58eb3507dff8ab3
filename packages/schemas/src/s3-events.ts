import * as z from "zod";
import { sqsRecordWithJsonBody } from "./sqs-records.ts";

/** S3 sends this once when a notification configuration is saved; it names no object. */
export const S3TestEventSchema = z.object({
  Service: z.literal("Amazon S3"),
  Event: z.literal("s3:TestEvent"),
  Bucket: z.string(),
});

/**
 * One S3 event record: the fields a function reads (what happened, to which object of which
 * bucket, and the version it made in a versioned bucket). The rest (requester, its address,
 * which may be IPv6, sizes, ETags) is neither checked nor kept.
 */
const S3RecordSchema = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), versionId: z.string().optional() }),
  }),
});

/** The body of a message that S3 put on the uploads queue: object events, or the test event. */
export const S3NotificationBodySchema = z.union([
  z.object({ Records: z.array(S3RecordSchema).min(1) }),
  S3TestEventSchema,
]);

/** One SQS record from the uploads queue, its body parsed from JSON. */
export const S3NotificationRecordSchema = sqsRecordWithJsonBody(S3NotificationBodySchema);

export type S3NotificationBody = z.infer<typeof S3NotificationBodySchema>;
export type S3NotificationRecord = z.infer<typeof S3NotificationRecordSchema>;

/** Keys in S3 notifications are URL-encoded, with spaces as `+`. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, " "));
