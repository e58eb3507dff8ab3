import * as z from "zod";
import { OwnerIdSchema } from "./ids.ts";
import { SqsRecordSchema } from "./sqs-records.ts";

/**
 * A machine event sent to `POST /events` (seed 004): API Gateway puts the body on the
 * ingest queue as it is, with the caller's JWT subject as the `ownerSub` message attribute.
 */
export const IngestEventSchema = z
  .object({
    eventId: z.string().min(1).max(128),
    source: z.string().min(1).max(128),
    type: z.string().min(1).max(128),
    occurredAt: z.iso.datetime({ offset: true }),
    detail: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * What a `POST /events` body may hold before it is read as an event. The HTTP API validates no
 * body and SQS checks only its own size and characters, so event-ingest enforces these on the
 * raw text: within them every event is stored as sent, and beyond them it is rejected, not
 * retried. 128 KiB of text with at most 1,000 values makes an item far below DynamoDB's 400 KB;
 * 16 levels stay far below its 32; a key of 16,384 UTF-16 units is at most 48 KiB of UTF-8,
 * under the 64 KB DynamoDB allows an attribute name.
 */
export const INGEST_BODY_LIMITS = {
  /** UTF-8 bytes of the whole body. */
  maxBytes: 128 * 1024,
  /** Nesting of objects and arrays; the event object itself is depth 1. */
  maxDepth: 16,
  /** Values at every depth together: object members, array elements and the event itself. */
  maxValues: 1_000,
  /** UTF-16 code units in one string or object key. */
  maxStringLength: 16_384,
} as const;

/**
 * An ingest queue record. The body stays text: it is whatever a caller posted, so event-ingest
 * reads it within `INGEST_BODY_LIMITS` and records a body that breaks them as REJECTED instead
 * of failing the record, which would only retry it into the DLQ. The `ownerSub` attribute is
 * API Gateway's, not the caller's: a record without it is a producer's fault and fails.
 */
export const IngestRecordSchema = SqsRecordSchema.extend({
  messageAttributes: z.object({
    ownerSub: z.object({ stringValue: z.string().min(1), dataType: z.literal("String") }),
  }),
});

const StoredEventSchema = z.object({
  ownerId: OwnerIdSchema,
  ownerSub: z.string(),
  receivedAt: z.iso.datetime(),
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: z.number().int(),
});

/** A recorded event (table `ingest-events`, key ownerId + eventId). */
export const RecordedEventItemSchema = IngestEventSchema.extend({
  ...StoredEventSchema.shape,
  status: z.literal("RECORDED"),
});

/**
 * A body that was not a storable event, kept with its reason. Its eventId is the event's own when
 * the body was JSON within the limits with a valid eventId, else `sqs-message#<messageId>`, so a
 * redelivery finds it and writes nothing twice; a valid event with the same eventId replaces it.
 */
export const RejectedEventItemSchema = StoredEventSchema.extend({
  eventId: z.string().min(1),
  status: z.literal("REJECTED"),
  reason: z.string(),
  messageId: z.string(),
  /** The body's first characters, for whoever reads the reason. */
  bodyExcerpt: z.string(),
}).strict();

export const IngestEventItemSchema = z.discriminatedUnion("status", [
  RecordedEventItemSchema,
  RejectedEventItemSchema,
]);

export type IngestEvent = z.infer<typeof IngestEventSchema>;
export type IngestRecord = z.infer<typeof IngestRecordSchema>;
export type RecordedEventItem = z.infer<typeof RecordedEventItemSchema>;
export type RejectedEventItem = z.infer<typeof RejectedEventItemSchema>;
export type IngestEventItem = z.infer<typeof IngestEventItemSchema>;
