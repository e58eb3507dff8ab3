import { type SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, type SQSClient } from "@aws-sdk/client-sqs";

/**
 * Creates a queue the topic may send to and subscribes it, so the stack can read what the topic
 * delivers: with raw delivery the message as published, without it SNS's JSON envelope (what an
 * email-json subscriber gets). A filter policy makes it receive what a subscriber with that
 * policy would. Answers the queue's URL.
 */
export const subscribeCaptureQueue = async (
  clients: { sqs: SQSClient; sns: SNSClient },
  options: { name: string; region: string; topicArn: string; raw: boolean; filterPolicy?: string },
): Promise<string | undefined> => {
  const { name, region, topicArn } = options;
  const queueArn = `arn:aws:sqs:${region}:${topicArn.split(":")[4]}:${name}`;
  // The policy goes in with CreateQueue: SetQueueAttributes would wipe it on moto.
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  });
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: { Policy: policy } }),
  );
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: "sqs",
      Endpoint: queueArn,
      Attributes: {
        RawMessageDelivery: String(options.raw),
        ...(options.filterPolicy ? { FilterPolicy: options.filterPolicy } : {}),
      },
    }),
  );
  return QueueUrl;
};
