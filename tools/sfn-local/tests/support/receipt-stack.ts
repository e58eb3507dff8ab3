import { createHash, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { newId } from "@shoebox/runtime";
import type { ReceiptReading, ReceiptWorkflowItem } from "@shoebox/schemas";
import type { TemplateValues } from "../../src/index.ts";

/*
 * The receipt workflow's resources on the moto server, with the key schemas Terraform declares:
 * the receipts and profiles tables, the events topic with a queue subscribed (raw delivery) to
 * read notifications back, and the delivery queue.
 */

export const RECEIPT_WORKFLOW_TEMPLATE = fileURLToPath(
  new URL("../../../../asl/receipt-workflow.asl.json", import.meta.url),
);
export const EXTRACT_ARN = "arn:aws:lambda:us-east-1:123456789012:function:shoebox-test-receipt-reader";
export const VALIDATE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:shoebox-test-receipt-validate";
export const TRANSFORM_ARN = "arn:aws:lambda:us-east-1:123456789012:function:shoebox-test-receipt-transform";
export const REVIEW_REQUEST_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:shoebox-test-review-request";

/** Review timings short enough for a test to see a reminder, a deadline and an escalation. */
export const REVIEW_TIMINGS = {
  review_remind_after_seconds: 1,
  review_deadline_seconds: 3,
  review_max_seconds: 60,
  review_on_deadline: "escalate",
};

export interface ReceiptStack {
  values: TemplateValues;
  receiptsTable: string;
  profilesTable: string;
  batchesTable: string;
  notificationsQueueUrl: string;
  deliveryQueueUrl: string;
}

/** Table with ownerId (hash) + a string range key: `receipts`, `profiles` (sk) and `batches` (batchId). */
const createOwnerTable = async (name: string, rangeKey = "sk"): Promise<void> => {
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "ownerId", AttributeType: "S" },
        { AttributeName: rangeKey, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "ownerId", KeyType: "HASH" },
        { AttributeName: rangeKey, KeyType: "RANGE" },
      ],
    }),
  );
};

export const createReceiptStack = async (prefix = "shoebox-test"): Promise<ReceiptStack> => {
  const sqs = new SQSClient({});
  const receiptsTable = `${prefix}-receipts`;
  const profilesTable = `${prefix}-profiles`;
  await createOwnerTable(receiptsTable);
  await createOwnerTable(profilesTable);
  const batchesTable = `${prefix}-batches`;
  await createOwnerTable(batchesTable, "batchId");

  const { TopicArn } = await new SNSClient({}).send(new CreateTopicCommand({ Name: `${prefix}-events` }));
  const notifications = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-notifications` }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: notifications.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await new SNSClient({}).send(
    new SubscribeCommand({
      TopicArn,
      Protocol: "sqs",
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: "true" },
    }),
  );
  const delivery = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-receipt-delivery` }));

  return {
    receiptsTable,
    profilesTable,
    batchesTable,
    notificationsQueueUrl: String(notifications.QueueUrl),
    deliveryQueueUrl: String(delivery.QueueUrl),
    values: {
      extract_function_arn: EXTRACT_ARN,
      validate_function_arn: VALIDATE_ARN,
      transform_function_arn: TRANSFORM_ARN,
      receipts_table: receiptsTable,
      profiles_table: profilesTable,
      batches_table: batchesTable,
      events_topic_arn: String(TopicArn),
      delivery_queue_url: String(delivery.QueueUrl),
      map_max_concurrency: 10,
      review_request_function_arn: REVIEW_REQUEST_ARN,
      ...REVIEW_TIMINGS,
      partition: "aws",
    },
  };
};

/**
 * Reads a queue into a growing list, so each test can pick its own messages by photo id while
 * the tests of a file share the queue.
 */
export const queueReader = (queueUrl: string) => {
  const seen: Message[] = [];
  return async (): Promise<Message[]> => {
    const sqs = new SQSClient({});
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ["All"],
          WaitTimeSeconds: 0,
        }),
      );
      if (Messages.length === 0) return seen;
      seen.push(...Messages);
    }
  };
};

export const getItem = async (table: string, ownerId: string, sk: string, rangeKey = "sk") => {
  const { Item } = await new DynamoDBClient({}).send(
    new GetItemCommand({
      TableName: table,
      Key: { ownerId: { S: ownerId }, [rangeKey]: { S: sk } },
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
};

export const putItem = async (table: string, item: Record<string, string>) => {
  await new DynamoDBClient({}).send(
    new PutItemCommand({
      TableName: table,
      Item: Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }])),
    }),
  );
};

/** A fresh owner id: 22 base64url characters, like ownerIdFromClaims makes. */
export const newOwnerId = (): string => randomBytes(16).toString("base64url").slice(0, 22);

/** A valid workflow item with unique ids and content hash; override what the test is about. */
export const receiptItem = (overrides: Partial<ReceiptWorkflowItem> = {}): ReceiptWorkflowItem => {
  const ownerId = overrides.ownerId ?? newOwnerId();
  const photoId = overrides.photoId ?? newId();
  return {
    ownerId,
    photoId,
    original: { key: `uploads/${ownerId}/${photoId}`, versionId: "v1", contentType: "image/jpeg" },
    sha256: createHash("sha256").update(randomBytes(32)).digest("hex"),
    uploadedAt: "2026-11-24T09:30:00.000Z",
    receipt: { merchant: "WHOLE FOODS MARKET #10234", date: "2026-11-20", total: 42.17, currency: "USD" },
    ...overrides,
  };
};

/** What a reader answers when it reads nothing: every field null. */
export const NOTHING_READ: ReceiptReading = {
  reader: "local",
  merchant: null,
  date: null,
  total: null,
  subtotal: null,
  tax: null,
  currency: null,
  lineItems: [],
  pages: 1,
};
