import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type MotoServer, startMoto } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSubscriptions, type DeclaredSubscription } from "../src/moto-gaps.ts";

/*
 * The receipt-starter subscription as terraform/ declares it (locals.topic_subscriptions):
 * photo.processed receipts only, filtered on the message attributes, raw delivery. moto must
 * deliver exactly what AWS would, or the local stack would start workflows AWS never starts.
 */
let moto: MotoServer;
let sns: SNSClient;
let sqs: SQSClient;
let declared: DeclaredSubscription;
let queueUrl: string;

beforeAll(async () => {
  moto = await startMoto();
  const client = {
    endpoint: moto.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  sns = new SNSClient(client);
  sqs = new SQSClient(client);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "events" }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "receipt-starter" }))).QueueUrl as string;
  declared = {
    topic_arn: TopicArn as string,
    queue_arn: "arn:aws:sqs:eu-west-1:123456789012:receipt-starter",
    filter_policy: { eventType: ["photo.processed"], kind: ["receipt"] },
    filter_policy_scope: "MessageAttributes",
    raw_message_delivery: true,
  };
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: "sqs",
      Endpoint: declared.queue_arn,
      Attributes: {
        RawMessageDelivery: "true",
        FilterPolicyScope: "MessageAttributes",
        FilterPolicy: JSON.stringify(declared.filter_policy),
      },
    }),
  );
}, 30_000);

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await moto?.stop();
});

const attributes = (eventType: string, kind: string) => ({
  eventType: { DataType: "String", StringValue: eventType },
  kind: { DataType: "String", StringValue: kind },
});

describe("the receipt-starter subscription on moto", () => {
  it("holds the filter policy, its scope and raw delivery as declared", async () => {
    expect(await checkSubscriptions(sns, { "receipt-starter": declared })).toEqual([]);
  });

  it("delivers only photo.processed receipts, judged by the message attributes, raw", async () => {
    const publish = (message: object, messageAttributes?: ReturnType<typeof attributes>) =>
      sns.send(
        new PublishCommand({
          TopicArn: declared.topic_arn,
          Message: JSON.stringify(message),
          ...(messageAttributes ? { MessageAttributes: messageAttributes } : {}),
        }),
      );
    await publish({ n: "photo" }, attributes("photo.processed", "photo"));
    await publish({ n: "receipt" }, attributes("photo.processed", "receipt"));
    // The body says receipt, the attributes are missing: the scope is the attributes, so no.
    await publish({ n: "body-only", eventType: "photo.processed", kind: "receipt" });
    await publish({ n: "stored" }, attributes("receipt.stored", "receipt"));

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
      }),
    );
    expect(Messages?.map((message) => message.Body)).toEqual([JSON.stringify({ n: "receipt" })]);
    expect(Messages?.[0]?.MessageAttributes).toEqual(attributes("photo.processed", "receipt"));
  });

  it("reports a subscription that differs from the declaration", async () => {
    const other = { ...declared, raw_message_delivery: false, filter_policy: { kind: ["receipt"] } };
    const problems = (await checkSubscriptions(sns, { "receipt-starter": other })).map(
      (entry) => entry.problem,
    );
    expect(problems).toEqual([
      "RawMessageDelivery is true, Terraform declares false",
      expect.stringMatching(
        /^FilterPolicy is .*photo\.processed.*, Terraform declares \{"kind":\["receipt"\]\}$/,
      ),
    ]);
    const missing = await checkSubscriptions(sns, {
      other: { ...declared, queue_arn: "arn:aws:sqs:eu-west-1:123456789012:nothing" },
    });
    expect(missing[0]?.problem).toMatch(/^no sqs subscription of arn:aws:sqs:.*:nothing/);
  });
});
