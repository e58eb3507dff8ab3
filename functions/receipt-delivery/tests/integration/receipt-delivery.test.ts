import { readFileSync } from "node:fs";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { migrate } from "@shoebox/pg-delivery";
import type { DeliveryMessage } from "@shoebox/schemas";
import {
  lambdaContext,
  type MotoServer,
  type PostgresServer,
  startMoto,
  startPostgres,
  useLocalAws,
} from "@shoebox/testing";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

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
  Object.assign(process.env, { DATABASE_SECRET_ARN: secret.ARN, DB_CONNECT_TIMEOUT_MS: "1000" });
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

  it("fails only the invalid message and the row the database refuses; their batch-mates are committed", async () => {
    const invalid = { ...deliveryRecord(2), body: '{"receiptId":"r-2"' };
    const poison = deliveryRecord(3, { merchant: "Bad\u0000Shop" });

    const response = await invoke({ Records: [deliveryRecord(1), invalid, poison, deliveryRecord(4)] });

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: "message-2" },
      { itemIdentifier: "message-3" },
    ]);
    expect((await writeCounts()).map((row) => row.receipt_id)).toEqual(["r-1", "r-4"]);
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
