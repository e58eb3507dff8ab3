import { PublishCommand } from "@aws-sdk/client-sns";
import { retryLater } from "./aws-errors.ts";
import { snsClient } from "./clients.ts";

/** What every message on the events topic carries, whatever else it holds. */
export interface TopicEvent {
  eventType: string;
  ownerId: string;
  photoId: string;
}

/**
 * Publishes an event on the events topic, with `eventType` and the upload's `kind` (photo or
 * receipt) as message attributes, which is what subscription filter policies match on. A failed publish is a
 * TransientError: the record that led to it is retried.
 *
 * @example
 * await publishEvent(config.eventsTopicArn, "receipt", { eventType: "receipt.failed", ownerId, photoId, ... });
 */
export const publishEvent = async (topicArn: string, kind: string, message: TopicEvent): Promise<void> => {
  await snsClient()
    .send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(message),
        MessageAttributes: {
          eventType: { DataType: "String", StringValue: message.eventType },
          kind: { DataType: "String", StringValue: kind },
        },
      }),
    )
    .catch(retryLater(`publishing ${message.eventType} for ${message.ownerId}/${message.photoId}`));
};
