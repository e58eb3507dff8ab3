import { logger } from "@shoebox/runtime";
import { type ArchiveKey, ArchiveKeySchema, decodeS3Key, type S3NotificationBody } from "@shoebox/schemas";

/**
 * The archives named by one S3 notification. Everything else is logged and left out: the
 * s3:TestEvent S3 sends when the notification is configured, events other than ObjectCreated,
 * other buckets, and keys outside `archives/{ownerId}/{batchId}`.
 *
 * @example
 * for (const archive of archivesInNotification(record.body, "shoebox-uploads")) await fanOutArchive(archive, config, deps);
 */
export const archivesInNotification = (body: S3NotificationBody, uploadsBucket: string): ArchiveKey[] => {
  if (!("Records" in body)) {
    logger.info("skipping the s3:TestEvent", { bucket: body.Bucket });
    return [];
  }
  const archives: ArchiveKey[] = [];
  for (const { eventName, s3 } of body.Records) {
    const key = decodeS3Key(s3.object.key);
    const skip = (reason: string) =>
      logger.warn(`skipping an S3 event: ${reason}`, { eventName, bucket: s3.bucket.name, key });
    if (!eventName.startsWith("ObjectCreated:")) {
      skip("not an ObjectCreated event");
    } else if (s3.bucket.name !== uploadsBucket) {
      skip("not the uploads bucket");
    } else {
      const archive = ArchiveKeySchema.safeParse(key);
      if (archive.success) archives.push(archive.data);
      else skip("the key is not archives/{ownerId}/{batchId}");
    }
  }
  return archives;
};
