import { dynamoDocumentClient, s3Client, sqsBatchHandler, sqsClient } from "@shoebox/runtime";
import { ArchivesQueueRecordSchema } from "@shoebox/schemas";
import { loadFanoutConfig } from "./config.ts";
import { archivesInRecord, continueArchive } from "./continuation.ts";
import { fanOutArchive } from "./fan-out-archive.ts";

const config = loadFanoutConfig();

/**
 * The archives queue (batch size 1): S3 notifications for archives/{ownerId}/{batchId}, and
 * the continuations of archives that need more than one invocation. As on the uploads queue, a
 * body that does not parse fails its record into the DLQ rather than being skipped: only S3
 * and this function write here, so it means a schema and a producer disagree.
 */
export const handler = sqsBatchHandler({ record: ArchivesQueueRecordSchema }, async (record) => {
  for (const archive of archivesInRecord(record.body, config.uploadsBucket)) {
    const outcome = await fanOutArchive(archive, config, { s3: s3Client(), dynamo: dynamoDocumentClient() });
    if (outcome?.status === "PROCESSING") {
      await continueArchive(
        sqsClient(),
        config.archivesQueueUrl,
        archive,
        config.invocation.continuationDelaySeconds,
      );
    }
  }
});
