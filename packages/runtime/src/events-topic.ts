import { PublishCommand } from "@aws-sdk/client-sns";
import { retryLater } from "./aws-errors.ts";
import { snsClient } from "./clients.ts";
import { correlationAttributes } from "./correlation.ts";

/** What every message on the events topic carries, whatever else it holds. */
export interface TopicEvent {
  eventType: string;
  ownerId: string;
  photoId: string;
}

/**
 * Publishes an event on the events topic, with `eventType` and the upload's `kind` (photo or
 * receipt) as message attributes, which is what subscription filter policies match on, plus any
 * `attributes` an event adds for its subscribers (string values), and the correlation id of the
 * scope it is published in (`correlationId`, correlation.ts). A failed publish is a
 * TransientError: the record that led to it is retried.
 *
 * @example
 * await publishEvent(config.eventsTopicArn, "receipt", { eventType: "receipt.failed", ownerId, photoId, ... });
 * await publishEvent(topicArn, "receipt", reviewRequested, { ownerId: reviewRequested.ownerId });
 */
export const publishEvent = async (
  topicArn: string,
  kind: string,
  message: TopicEvent,
  attributes: Record<string, string> = {},
): Promise<void> => {
  const stringAttributes = { ...attributes, eventType: message.eventType, kind };
  await snsClient()
    .send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(message),
        MessageAttributes: {
          ...Object.fromEntries(
            Object.entries(stringAttributes).map(([name, value]) => [
              name,
              { DataType: "String", StringValue: value },
            ]),
          ),
          ...correlationAttributes(),
        },
      }),
    )
    .catch(retryLater(`publishing ${message.eventType} for ${message.ownerId}/${message.photoId}`));
};
