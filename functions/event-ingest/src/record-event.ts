import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, logger } from "@shoebox/runtime";
import type { IngestEvent, IngestEventItem } from "@shoebox/schemas";

export interface RecordSettings {
  table: string;
  retentionDays: number;
}

/**
 * Records a machine event once per owner and event id. SQS delivers at least once, so a
 * redelivered event finds its item and is acknowledged without a second write.
 */
export const recordEvent = async (
  dynamo: DynamoDBDocumentClient,
  settings: RecordSettings,
  owner: { ownerId: string; ownerSub: string },
  event: IngestEvent,
  receivedAt: Date,
): Promise<"recorded" | "duplicate"> => {
  const item: IngestEventItem = {
    ...event,
    ...owner,
    receivedAt: receivedAt.toISOString(),
    expiresAt: Math.floor(receivedAt.getTime() / 1000) + settings.retentionDays * 86_400,
  };
  try {
    await dynamo.send(
      new PutCommand({
        TableName: settings.table,
        Item: item,
        ConditionExpression: "attribute_not_exists(eventId)",
      }),
    );
    return "recorded";
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      logger.info("event already recorded", { eventId: event.eventId });
      return "duplicate";
    }
    throw error;
  }
};
