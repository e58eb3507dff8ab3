import { decodeS3Key, type S3NotificationBody } from "@shoebox/schemas";
import type * as z from "zod";
import { logger } from "./logger.ts";

/** An object a notification names: its parsed key, and the version S3 created (versioned buckets only). */
export type NotifiedObject<Key> = Key & { versionId?: string };

/**
 * The objects of one S3 notification that a function is for: created in `bucket`, with a key
 * that `keySchema` parses. Everything else is logged and left out: the s3:TestEvent S3 sends
 * when the notification is configured, events other than ObjectCreated, other buckets, and
 * keys of another shape (no item of ours belongs to them). In a versioned bucket each object
 * carries the version the event is about, so a reader can fetch exactly that version.
 *
 * @example
 * for (const upload of objectsInNotification(record.body, "shoebox-uploads", UploadKeySchema)) await processUpload(upload);
 */
export const objectsInNotification = <KeySchema extends z.ZodType<object>>(
  body: S3NotificationBody,
  bucket: string,
  keySchema: KeySchema,
): NotifiedObject<z.infer<KeySchema>>[] => {
  if (!("Records" in body)) {
    logger.info("skipping the s3:TestEvent", { bucket: body.Bucket });
    return [];
  }
  const objects: NotifiedObject<z.infer<KeySchema>>[] = [];
  for (const { eventName, s3 } of body.Records) {
    const key = decodeS3Key(s3.object.key);
    const skip = (reason: string) =>
      logger.warn(`skipping an S3 event: ${reason}`, { eventName, bucket: s3.bucket.name, key });
    if (!eventName.startsWith("ObjectCreated:")) {
      skip("not an ObjectCreated event");
    } else if (s3.bucket.name !== bucket) {
      skip(`not the bucket ${bucket}`);
    } else {
      const parsed = keySchema.safeParse(key);
      const { versionId } = s3.object;
      if (parsed.success) objects.push({ ...parsed.data, ...(versionId ? { versionId } : {}) });
      else skip(`the key does not fit: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
    }
  }
  return objects;
};
