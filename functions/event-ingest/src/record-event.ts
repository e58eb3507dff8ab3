import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, logger, retryLater } from "@shoebox/runtime";
import type { IngestEvent, RecordedEventItem, RejectedEventItem } from "@shoebox/schemas";

export interface RecordSettings {
  table: string;
  retentionDays: number;
}

export interface Owner {
  ownerId: string;
  ownerSub: string;
}

/** A body that is not a storable event, as the handler received it. */
export interface Rejection {
  messageId: string;
  /** The event's own id when the body was readable that far. */
  eventId: string | undefined;
  reason: string;
  body: string;
}

/** Reasons and excerpts come from a caller's text: kept short, so a rejection is a small item. */
const MAX_TEXT = 1_000;
const LONE_SURROGATE = /\p{Cs}/gu;

const excerpt = (text: string): string => text.slice(0, MAX_TEXT).replace(LONE_SURROGATE, "\uFFFD");

const lifetime = (settings: RecordSettings, receivedAt: Date) => ({
  receivedAt: receivedAt.toISOString(),
  expiresAt: Math.floor(receivedAt.getTime() / 1000) + settings.retentionDays * 86_400,
});

/**
 * Puts an item unless its condition fails, which means it is there already ("duplicate").
 * Any other failure is AWS trouble, never the caller's input, so the record is retried.
 */
const putOnce = async (
  dynamo: DynamoDBDocumentClient,
  command: ConstructorParameters<typeof PutCommand>[0],
): Promise<boolean> => {
  try {
    await dynamo.send(new PutCommand(command));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    return retryLater(`writing event ${command.Item?.eventId}`)(error);
  }
};

/**
 * Records a machine event once per owner and event id. SQS delivers at least once, so a
 * redelivered event finds its item and is acknowledged without a second write. A rejection
 * under the same id is replaced: the caller has sent the event again, now valid.
 */
export const recordEvent = async (
  dynamo: DynamoDBDocumentClient,
  settings: RecordSettings,
  owner: Owner,
  event: IngestEvent,
  receivedAt: Date,
): Promise<"recorded" | "duplicate"> => {
  const item: RecordedEventItem = {
    ...event,
    ...owner,
    status: "RECORDED",
    ...lifetime(settings, receivedAt),
  };
  const written = await putOnce(dynamo, {
    TableName: settings.table,
    Item: item,
    ConditionExpression: "attribute_not_exists(eventId) OR #status = :rejected",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":rejected": "REJECTED" },
  });
  if (!written) logger.info("event already recorded", { eventId: event.eventId });
  return written ? "recorded" : "duplicate";
};

/**
 * Records a body that is not a storable event as REJECTED, with its reason, instead of failing
 * its record: a retry cannot make bad input good, and would only carry it to the DLQ and page
 * someone. Keyed by the event's id, or the message's when the id cannot be read, and never
 * written over an item already there, so a redelivery writes nothing twice.
 */
export const recordRejection = async (
  dynamo: DynamoDBDocumentClient,
  settings: RecordSettings,
  owner: Owner,
  rejection: Rejection,
  receivedAt: Date,
): Promise<"rejected" | "duplicate"> => {
  const item: RejectedEventItem = {
    ...owner,
    eventId: rejection.eventId ?? `sqs-message#${rejection.messageId}`,
    status: "REJECTED",
    reason: excerpt(rejection.reason),
    messageId: rejection.messageId,
    bodyExcerpt: excerpt(rejection.body),
    ...lifetime(settings, receivedAt),
  };
  logger.warn("event rejected", { messageId: item.messageId, eventId: item.eventId, reason: item.reason });
  const written = await putOnce(dynamo, {
    TableName: settings.table,
    Item: item,
    ConditionExpression: "attribute_not_exists(eventId)",
  });
  return written ? "rejected" : "duplicate";
};
