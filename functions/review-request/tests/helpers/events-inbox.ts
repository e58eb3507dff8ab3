import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";

/** An SNS message as a subscribed queue receives it (not raw delivery): body and attributes. */
export interface PublishedMessage {
  body: Record<string, unknown>;
  attributes: Record<string, { Type: string; Value: string }>;
}

export interface EventsInbox {
  topicArn: string;
  /** Every message published since the last call, oldest first; the inbox is emptied. */
  drain(): Promise<PublishedMessage[]>;
}

/**
 * The events topic on the local emulator, with a queue subscribed to it so a test can read what
 * was published. Clients are built here, after the test pointed AWS_ENDPOINT_URL at moto.
 */
export const createEventsInbox = async (topicName: string): Promise<EventsInbox> => {
  const sns = new SNSClient({});
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: topicName }));
  const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `${topicName}-inbox` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn }));

  const drain = async (): Promise<PublishedMessage[]> => {
    const published: PublishedMessage[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) return published;
      for (const message of Messages) {
        const envelope = JSON.parse(message.Body ?? "{}");
        published.push({ body: JSON.parse(envelope.Message), attributes: envelope.MessageAttributes ?? {} });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  };
  return { topicArn: TopicArn, drain };
};
