import { dynamoDocumentClient, objectsInNotification, s3Client, sqsBatchHandler } from "@shoebox/runtime";
import { ArchiveKeySchema, S3NotificationRecordSchema } from "@shoebox/schemas";
import { loadFanoutConfig } from "./config.ts";
import { fanOutArchive } from "./fan-out-archive.ts";

const config = loadFanoutConfig();

/**
 * The archives queue (batch size 1): S3 notifications for archives/{ownerId}/{batchId}.
 * As on the uploads queue, a body that does not parse fails its record into the DLQ rather
 * than being skipped: only S3 writes here, so it means our schema and S3 disagree.
 */
export const handler = sqsBatchHandler({ record: S3NotificationRecordSchema }, async (record) => {
  for (const archive of objectsInNotification(record.body, config.uploadsBucket, ArchiveKeySchema)) {
    await fanOutArchive(archive, config, { s3: s3Client(), dynamo: dynamoDocumentClient() });
  }
});
