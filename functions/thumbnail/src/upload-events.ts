import { logger } from "@shoebox/runtime";
import { decodeS3Key, type S3NotificationBody, type UploadKey, UploadKeySchema } from "@shoebox/schemas";

/**
 * The uploads named by one S3 notification. Everything else is logged and left out: the
 * s3:TestEvent S3 sends when the notification is configured, events other than ObjectCreated,
 * other buckets, and keys outside `uploads/{ownerId}/{photoId}` (not written by the upload API,
 * so there is no photo item to update).
 *
 * @example
 * for (const upload of uploadsInNotification(record.body, "shoebox-uploads")) await processUpload(upload, config);
 */
export const uploadsInNotification = (body: S3NotificationBody, uploadsBucket: string): UploadKey[] => {
  if (!("Records" in body)) {
    logger.info("skipping the s3:TestEvent", { bucket: body.Bucket });
    return [];
  }
  const uploads: UploadKey[] = [];
  for (const { eventName, s3 } of body.Records) {
    const key = decodeS3Key(s3.object.key);
    const skip = (reason: string) =>
      logger.warn(`skipping an S3 event: ${reason}`, { eventName, bucket: s3.bucket.name, key });
    if (!eventName.startsWith("ObjectCreated:")) {
      skip("not an ObjectCreated event");
    } else if (s3.bucket.name !== uploadsBucket) {
      skip("not the uploads bucket");
    } else {
      const upload = UploadKeySchema.safeParse(key);
      if (upload.success) uploads.push(upload.data);
      else skip("the key is not uploads/{ownerId}/{photoId}");
    }
  }
  return uploads;
};
