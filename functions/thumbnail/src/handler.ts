import { objectsInNotification, sqsBatchHandler } from "@shoebox/runtime";
import { S3NotificationRecordSchema, UploadKeySchema } from "@shoebox/schemas";
import { loadThumbnailConfig } from "./config.ts";
import { processUpload } from "./process-upload.ts";

const config = loadThumbnailConfig();

/**
 * The uploads queue: S3 notifications, one or more uploads each, ReportBatchItemFailures.
 *
 * Records are handled one at a time: decoding is what takes memory, and a batch of ten decoded
 * at once would need ten times the budget one image may use (MAX_DECODE_BYTES), enough to
 * kill the container and return every photo of the batch to the queue. Lambda scales out by
 * concurrent invocations instead.
 *
 * A body that does not parse fails its record (sqsBatchHandler never skips one) instead of being
 * skipped: only S3 writes to this queue, so an unparseable body means S3 and our schema
 * disagree (e.g. a request field S3 added), and skipping would leave that photo PENDING forever
 * without a trace. Failing it keeps the message in the DLQ, with an alarm, to be redriven once
 * the schema is fixed. What S3 legitimately sends but is not ours (the s3:TestEvent, foreign
 * keys) parses fine and is skipped by objectsInNotification.
 */
export const handler = sqsBatchHandler(
  { record: S3NotificationRecordSchema, oneAtATime: true },
  async (record) => {
    const isLast = Number(record.attributes.ApproximateReceiveCount) >= config.maxReceives;
    for (const upload of objectsInNotification(record.body, config.uploadsBucket, UploadKeySchema)) {
      await processUpload(upload, config, { isLast });
    }
  },
);
