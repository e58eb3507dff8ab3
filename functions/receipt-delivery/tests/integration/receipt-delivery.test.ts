import { readFileSync } from "node:fs";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { migrate } from "@shoebox/pg-delivery";
import { correlationId, dynamoDocumentClient, logger, metrics, newId } from "@shoebox/runtime";
import {
  type DeliveryMessage,
  outcomeMarkerSortKey,
  type ReceiptFailedMessage,
  receiptSortKey,
} from "@shoebox/schemas";
import {
  createBatchesTable,
  createKeyedTable,
  lambdaContext,
  type MotoServer,
  type PostgresServer,
  startMoto,
  startPostgres,
  useLocalAws,
} from "@shoebox/testing";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const fixture = (): SQSRecord => {
  const event = JSON.parse(
    readFileSync(new URL("../events/sqs/receipt-delivery.json", import.meta.url), "utf8"),
  ) as SQSEvent;
  const [record] = event.Records;
  if (!record) throw new Error("fixture has no records");
  return record;
};

/** The fixture's record with receipt `r-<n>` in its body, as the Store state would send it. */
const deliveryRecord = (n: number, change: Partial<DeliveryMessage> = {}): SQSRecord => {
  const record = fixture();
  const body = { ...JSON.parse(record.body), receiptId: `r-${n}`, ...change };
  return { ...record, messageId: `message-${n}`, body: JSON.stringify(body) };
};

let postgres: PostgresServer;
let moto: MotoServer;
let db: pg.Client;
let invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;
let notificationsQueueUrl: string;

const RECEIPTS_TABLE = "shoebox-test-receipts";
const BATCHES_TABLE = "shoebox-test-batches";

/** The receipt-events on the topic since the last call (the topic's queue, raw delivery), with their correlation ids. */
const receiptEvents = async (): Promise<(ReceiptFailedMessage & { correlationId?: string })[]> => {
  const sqs = new SQSClient({});
  const events: (ReceiptFailedMessage & { correlationId?: string })[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: notificationsQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
        MessageAttributeNames: ["correlationId"],
      }),
    );
    if (Messages.length === 0) return events;
    events.push(
      ...Messages.map((message) => ({
        ...JSON.parse(String(message.Body)),
        correlationId: message.MessageAttributes?.correlationId?.StringValue,
      })),
    );
  }
};

/** A record as the queue hands over a message the workflow sent with the upload's correlation id. */
const withCorrelationId = (record: SQSRecord, id: string): SQSRecord => ({
  ...record,
  messageAttributes: {
    correlationId: { dataType: "String", stringValue: id, stringListValues: [], binaryListValues: [] },
  },
});

const item = async (table: string, key: Record<string, string>) =>
  (await dynamoDocumentClient().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true })))
    .Item;
const put = (table: string, value: Record<string, unknown>) =>
  dynamoDocumentClient().send(new PutCommand({ TableName: table, Item: value }));

const connect = async () => {
  const client = new pg.Client({ connectionString: postgres.url });
  client.on("error", () => undefined); // the outage test cuts this session too
  await client.connect();
  return client;
};
const writeCounts = async () =>
  (
    await db.query<{ receipt_id: string; write_count: number }>(
      "SELECT receipt_id, write_count FROM shoebox_receipts ORDER BY receipt_id",
    )
  ).rows;

beforeAll(async () => {
  [postgres, moto] = await Promise.all([startPostgres({ freshDatabase: true }), startMoto()]);
  useLocalAws(moto.endpoint);
  db = await connect();
  await migrate(db); // once, as the stack does: never per invocation
  // The database reaches the function as on AWS: in a Secrets Manager secret named by its ARN,
  // with the CA of the server's certificate (the server is verified: TLS, chain and host name).
  const secret = await new SecretsManagerClient({}).send(
    new CreateSecretCommand({
      Name: "shoebox-test-delivery-database",
      SecretString: JSON.stringify({ url: postgres.url, caCertificate: postgres.caCertificate }),
    }),
  );
  await Promise.all([createKeyedTable(RECEIPTS_TABLE, "ownerId", "sk"), createBatchesTable(BATCHES_TABLE)]);
  const sns = new SNSClient({});
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "shoebox-test-events" }));
  const sqs = new SQSClient({});
  notificationsQueueUrl = String(
    (await sqs.send(new CreateQueueCommand({ QueueName: "shoebox-test-notifications" }))).QueueUrl,
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: notificationsQueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: "sqs",
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: "true" },
    }),
  );
  Object.assign(process.env, {
    DATABASE_SECRET_ARN: secret.ARN,
    DB_CONNECT_TIMEOUT_MS: "1000",
    RECEIPTS_TABLE,
    BATCHES_TABLE,
    EVENTS_TOPIC_ARN: TopicArn,
  });
  const { handler } = await import("../../src/handler.ts");
  invoke = (event) => handler(event, lambdaContext("receipt-delivery"));
});

afterAll(async () => {
  await db?.end();
  await Promise.all([postgres?.stop(), moto?.stop()]);
});

beforeEach(async () => {
  await db.query("TRUNCATE shoebox_receipts");
});
afterEach(() => vi.restoreAllMocks());

describe("receipt-delivery", () => {
  it("writes a whole batch, and a replay of it writes nothing twice", async () => {
    const event = { Records: Array.from({ length: 10 }, (_, n) => deliveryRecord(n)) };

    const first = await invoke(event);
    const replay = await invoke(event);

    expect(first.batchItemFailures).toEqual([]);
    expect(replay.batchItemFailures).toEqual([]);
    const rows = await writeCounts();
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.write_count === 1)).toBe(true);
  });

  it("records every receipt the table can never take as FAILED with its reason, acknowledges it, and commits its batch-mates", async () => {
    const ownerId = "Wq3t6pZ0bN4cQ8rT1yU5vA";
    const batchId = newId();
    const storedAt = "2026-11-24T09:30:00.000Z";
    // Values an older schema let through, and one the customer's own rule refuses (below).
    const hostile: [Partial<DeliveryMessage>, "INVALID_RECEIPT" | "ROW_REJECTED", RegExp][] = [
      [{ merchant: "Bad\u0000Shop" }, "INVALID_RECEIPT", /merchant: must not contain a NUL character/],
      [{ merchant: "Caf\uD83E" }, "INVALID_RECEIPT", /merchant: must be valid Unicode/],
      [{ merchant: "m".repeat(201) }, "INVALID_RECEIPT", /merchant: must be 1 to 200 characters/],
      [{ date: "0000-01-01" }, "INVALID_RECEIPT", /date: must be within 1900-01-01 to 2099-12-31/],
      [{ totalMinor: 2 ** 60 }, "INVALID_RECEIPT", /totalMinor: Too big/],
      [{ currency: "eur" }, "INVALID_RECEIPT", /currency: currencies are ISO 4217 codes/],
      [{ merchant: "東京ストア" }, "ROW_REJECTED", /customer_merchants_latin1.*SQLSTATE 23514/],
    ];
    // The customer's DBA allows only Latin-1 merchants (a legacy system reads the table): a
    // rule of theirs that no schema of ours knows.
    await db.query(
      "ALTER TABLE shoebox_receipts ADD CONSTRAINT customer_merchants_latin1 CHECK (merchant ~ '^[\\x20-\\xff]+$')",
    );
    const photoIds = hostile.map(() => newId());
    await put(BATCHES_TABLE, { ownerId, batchId, expected: 9, processed: 9, stored: 9 });
    for (const photoId of photoIds) {
      // As the workflow left each one: STORED, and counted `stored` on its batch.
      await put(RECEIPTS_TABLE, {
        ownerId,
        sk: receiptSortKey(photoId),
        photoId,
        status: "STORED",
        storedAt,
      });
      await put(RECEIPTS_TABLE, { ownerId, sk: outcomeMarkerSortKey(photoId), batchId, outcome: "stored" });
    }
    const garbage = { ...deliveryRecord(5), body: '{"receiptId":"r-5"' };
    const event = {
      Records: [
        deliveryRecord(1),
        ...hostile.map(([change], index) =>
          deliveryRecord(100 + index, { ...change, receiptId: photoIds[index], ownerId, storedAt }),
        ),
        garbage,
        deliveryRecord(2),
      ],
    };

    const response = await invoke(event);
    const replay = await invoke(event);
    await db.query("ALTER TABLE shoebox_receipts DROP CONSTRAINT customer_merchants_latin1");

    // Only the message that names no receipt is left for the DLQ; nothing else is retried.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "message-5" }]);
    expect(replay.batchItemFailures).toEqual([{ itemIdentifier: "message-5" }]);
    expect((await writeCounts()).map((row) => row.receipt_id)).toEqual(["r-1", "r-2"]);
    for (const [index, [, code, reason]] of hostile.entries()) {
      const photoId = String(photoIds[index]);
      expect(await item(RECEIPTS_TABLE, { ownerId, sk: receiptSortKey(photoId) }), photoId).toMatchObject({
        status: "FAILED",
        failureError: code,
        failureCause: expect.stringMatching(reason),
      });
    }
    // The batch counts them failed, not stored, once despite the replay.
    expect(await item(BATCHES_TABLE, { ownerId, batchId })).toMatchObject({ stored: 2, failed: 7 });
    const announced = await receiptEvents();
    expect(announced.map((message) => message.photoId).sort()).toEqual([...photoIds].sort());
    expect(announced.every((message) => message.eventType === "receipt.failed")).toBe(true);
    expect(announced.find((message) => message.photoId === photoIds[6])).toMatchObject({
      error: "ROW_REJECTED",
      cause: expect.stringMatching(/the database rejected the row/),
    });
  });

  it("settles each message in its correlation id's scope, and counts what was written and what was not", async () => {
    // Prepare: one receipt to write, one the table can never take
    const ownerId = "Wq3t6pZ0bN4cQ8rT1yU5vA";
    const photoId = newId();
    const storedAt = "2026-11-24T09:30:00.000Z";
    await put(RECEIPTS_TABLE, { ownerId, sk: receiptSortKey(photoId), photoId, status: "STORED", storedAt });
    const event = {
      Records: [
        withCorrelationId(deliveryRecord(1), "upload-aaaa-0001"),
        withCorrelationId(
          deliveryRecord(2, { receiptId: photoId, ownerId, storedAt, currency: "eur" }),
          "upload-bbbb-0002",
        ),
      ],
    };
    const deliveredIn: (string | undefined)[] = [];
    vi.spyOn(logger, "info").mockImplementation((message, ..._extra) => {
      if (message === "receipt delivered") deliveredIn.push(correlationId());
    });
    const counted = vi.spyOn(metrics, "addMetric");

    // Act
    const response = await invoke(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(deliveredIn).toEqual(["upload-aaaa-0001"]);
    expect((await receiptEvents()).filter((message) => message.photoId === photoId)).toEqual([
      expect.objectContaining({ eventType: "receipt.failed", correlationId: "upload-bbbb-0002" }),
    ]);
    expect(counted.mock.calls).toEqual([
      ["ReceiptsDelivered", "Count", 1],
      ["DeliveryFailures", "Count", 1],
    ]);
  });

  it("acknowledges a rejected receipt that is no longer stored in that version, and changes nothing", async () => {
    const ownerId = "Wq3t6pZ0bN4cQ8rT1yU5vA";
    const photoId = newId();
    await put(RECEIPTS_TABLE, {
      ownerId,
      sk: receiptSortKey(photoId),
      photoId,
      status: "STORED",
      storedAt: "2026-11-25T10:00:00.000Z", // a newer version, with a message of its own
    });

    const response = await invoke({
      Records: [deliveryRecord(3, { receiptId: photoId, ownerId, date: "0000-01-01" })],
    });

    expect(response.batchItemFailures).toEqual([]);
    expect(await item(RECEIPTS_TABLE, { ownerId, sk: receiptSortKey(photoId) })).toMatchObject({
      status: "STORED",
    });
    expect((await receiptEvents()).filter((message) => message.photoId === photoId)).toEqual([]);
  });

  it("fails every record while the database is down, delays their retry, and writes them once it is back", async () => {
    const sqs = new SQSClient({});
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "receipt-delivery-outage" }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [5, 6, 7].map((n) => ({ Id: String(n), MessageBody: deliveryRecord(n).body })),
      }),
    );
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 1,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    const event = {
      Records: (received.Messages ?? []).map((message) => ({
        ...fixture(),
        messageId: message.MessageId ?? "",
        receiptHandle: message.ReceiptHandle ?? "",
        body: message.Body ?? "",
        eventSourceARN: Attributes?.QueueArn ?? "",
      })),
    };
    expect(event.Records).toHaveLength(3);
    await invoke({ Records: [deliveryRecord(1)] }); // a warm container: its connection is open

    await postgres.stopServer();
    const whileDown = invoke(event);
    await expect(whileDown).rejects.toThrow(/All records failed/);
    await postgres.startServer();
    await new Promise((done) => setTimeout(done, 1500)); // past the queue's own 1 s visibility timeout
    const stillHidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    const afterwards = await invoke(event);

    expect(stillHidden.Messages ?? []).toEqual([]); // backed off by the handler: 30 s, not 1 s
    expect(afterwards.batchItemFailures).toEqual([]);
    await db.end();
    db = await connect();
    const rows = await writeCounts();
    expect(rows.map((row) => row.receipt_id)).toEqual(["r-1", "r-5", "r-6", "r-7"]);
    expect(rows.every((row) => row.write_count === 1)).toBe(true);
  });
});

describe("receipt-delivery on a FIFO queue (delivery_queue_fifo)", () => {
  /**
   * Sends bodies as the workflow's DeliverReceipt does (MessageGroupId = the receipt id, on
   * either kind of queue; content-based deduplication on the FIFO one) and hands what one
   * receive returns to the function as Lambda would: the group id among the record's attributes.
   */
  const receiveAsLambda = async (queueName: string, bodies: { group: string; body: string }[]) => {
    const sqs = new SQSClient({});
    const fifo = queueName.endsWith(".fifo");
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName,
        Attributes: fifo ? { FifoQueue: "true", ContentBasedDeduplication: "true" } : {},
      }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: bodies.map(({ group, body }, index) => ({
          Id: String(index),
          MessageBody: body,
          MessageGroupId: group,
        })),
      }),
    );
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"] }),
    );
    return {
      Records: Messages.map((message) => ({
        ...fixture(),
        messageId: message.MessageId ?? "",
        receiptHandle: message.ReceiptHandle ?? "",
        body: message.Body ?? "",
        attributes: { ...fixture().attributes, ...message.Attributes },
        eventSourceARN: Attributes?.QueueArn ?? "",
      })),
    };
  };

  // Receipt r-10: a message that names no receipt, then a valid version; r-11 in its own group.
  const bodies = [
    { group: "r-10", body: '{"receiptId":"r-10"' },
    { group: "r-10", body: deliveryRecord(10, { merchant: "Corrected" }).body },
    { group: "r-11", body: deliveryRecord(11).body },
  ];
  const failedBodies = (event: SQSEvent, response: SQSBatchResponse) =>
    response.batchItemFailures.map(
      ({ itemIdentifier }) => event.Records.find((record) => record.messageId === itemIdentifier)?.body,
    );

  it("fails the later messages of a group after a failed one, and leaves other groups alone", async () => {
    const event = await receiveAsLambda("receipt-delivery-order.fifo", bodies);
    expect(event.Records.map((record) => record.attributes.MessageGroupId)).toEqual(["r-10", "r-10", "r-11"]);

    const response = await invoke(event);

    expect(failedBodies(event, response)).toEqual([bodies[0]?.body, bodies[1]?.body]);
    // Written before the batch was settled; when it comes back it is `unchanged`.
    expect((await writeCounts()).map((row) => row.receipt_id)).toEqual(["r-10", "r-11"]);
  });

  it("on a standard queue (which accepts the same MessageGroupId), fails only the message that failed", async () => {
    const event = await receiveAsLambda("receipt-delivery-order", bodies);

    const response = await invoke(event);

    expect(failedBodies(event, response)).toEqual([bodies[0]?.body]);
    expect((await writeCounts()).map((row) => row.receipt_id)).toEqual(["r-10", "r-11"]);
  });
});
