import { dynamoDocumentClient, ownerIdFromClaims, sqsBatchHandler } from "@shoebox/runtime";
import { IngestRecordSchema } from "@shoebox/schemas";
import { loadEventIngestConfig } from "./config.ts";
import { readIngestEvent } from "./read-event.ts";
import { recordEvent, recordRejection } from "./record-event.ts";

const config = loadEventIngestConfig();

/**
 * Every body a caller posts ends recorded or rejected with its reason, and is acknowledged
 * either way. Only AWS trouble fails a record (TransientError): it returns to the queue and,
 * after the queue's maxReceiveCount, lands in the DLQ, where it waits for a person and a redrive.
 */
export const handler = sqsBatchHandler({ record: IngestRecordSchema }, async (record) => {
  const ownerSub = record.messageAttributes.ownerSub.stringValue;
  const owner = { ownerSub, ownerId: ownerIdFromClaims(config.jwtIssuer, ownerSub) };
  const receivedAt = new Date();
  const reading = readIngestEvent(record.body);
  if (reading.ok) {
    await recordEvent(dynamoDocumentClient(), config.events, owner, reading.event, receivedAt);
  } else {
    const { reason, eventId } = reading;
    const rejection = { messageId: record.messageId, eventId, reason, body: record.body };
    await recordRejection(dynamoDocumentClient(), config.events, owner, rejection, receivedAt);
  }
});
