import { dynamoDocumentClient, ownerIdFromClaims, sqsBatchHandler } from "@shoebox/runtime";
import { IngestRecordSchema } from "@shoebox/schemas";
import { config } from "./config.ts";
import { recordEvent } from "./record-event.ts";

const settings = { table: config.INGEST_EVENTS_TABLE, retentionDays: config.EVENT_RETENTION_DAYS };

/**
 * A malformed event fails its record alone: it returns to the queue and, after the queue's
 * maxReceiveCount, lands in the DLQ, where it waits for a person and a redrive.
 */
export const handler = sqsBatchHandler({ record: IngestRecordSchema }, async (record) => {
  const ownerSub = record.messageAttributes.ownerSub.stringValue;
  const owner = { ownerSub, ownerId: ownerIdFromClaims(config.JWT_ISSUER, ownerSub) };
  await recordEvent(dynamoDocumentClient(), settings, owner, record.body, new Date());
});
