import { JSONStringified } from "@aws-lambda-powertools/parser/helpers";
import { SqsRecordSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import * as z from "zod";
import { OwnerIdSchema } from "./ids.ts";

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

export const IngestRecordSchema = SqsRecordSchema.extend({
  body: JSONStringified(IngestEventSchema),
  messageAttributes: z.object({
    ownerSub: z.object({ stringValue: z.string().min(1), dataType: z.literal("String") }),
  }),
});

/** The DynamoDB item of one recorded event (table `ingest-events`, key ownerId + eventId). */
export const IngestEventItemSchema = IngestEventSchema.extend({
  ownerId: OwnerIdSchema,
  ownerSub: z.string(),
  receivedAt: z.iso.datetime(),
  expiresAt: z.number().int(),
});

export type IngestEvent = z.infer<typeof IngestEventSchema>;
export type IngestRecord = z.infer<typeof IngestRecordSchema>;
export type IngestEventItem = z.infer<typeof IngestEventItemSchema>;
