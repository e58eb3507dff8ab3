import {
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyedTable } from "../src/aws-resources.ts";
import { type MotoServer, startMoto, useLocalAws } from "../src/moto.ts";

// The patched moto server (tools/testing/moto/patches.py), over the wire: its DynamoDB
// transactions. The concurrency test fails on moto as released. The SQS fixes are tested inside
// moto's process, where thread switches can be forced: tools/testing/moto/test_patches.py.
const TABLE = "shoebox-test-transactions";
let moto: MotoServer;
let dynamodb: DynamoDBClient;

const key = (sk: string) => ({ pk: { S: "owner" }, sk: { S: sk } });
const item = async (sk: string) =>
  (await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: key(sk), ConsistentRead: true }))).Item;
const counter = async (sk: string) => Number((await item(sk))?.n?.N ?? 0);

const putIfAbsent = (sk: string): TransactWriteItem => ({
  Put: { TableName: TABLE, Item: key(sk), ConditionExpression: "attribute_not_exists(sk)" },
});
const addOne = (sk: string): TransactWriteItem => ({
  Update: {
    TableName: TABLE,
    Key: key(sk),
    UpdateExpression: "ADD n :one",
    ExpressionAttributeValues: { ":one": { N: "1" } },
  },
});
const fillTable = async (count: number) => {
  const batches = Array.from({ length: Math.ceil(count / 25) }, (_, batch) =>
    Array.from({ length: 25 }, (_, index) => ({
      PutRequest: { Item: { ...key(`FILLER#${batch * 25 + index}`), payload: { S: "x".repeat(100) } } },
    })),
  );
  for (let start = 0; start < batches.length; start += 8) {
    await Promise.all(
      batches
        .slice(start, start + 8)
        .map((requests) => dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests } }))),
    );
  }
};
const transact = (items: TransactWriteItem[]) =>
  dynamodb.send(new TransactWriteItemsCommand({ TransactItems: items }));

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  dynamodb = new DynamoDBClient({});
  await createKeyedTable(TABLE, "pk", "sk", dynamodb);
});

afterAll(async () => {
  await moto?.stop();
});

describe("moto with the project's patches", () => {
  it("says which patches it runs with", () => {
    expect(moto.patches).toEqual([
      expect.stringContaining("TransactWriteItems"),
      expect.stringContaining("SQS DeleteMessage"),
      expect.stringContaining("deep queues"),
      expect.stringContaining("RedriveAllowPolicy"),
      expect.stringContaining("versioned bucket name the object version"),
      expect.stringContaining("UTF-8 bytes"),
      expect.stringContaining("RedrivePolicy as compact JSON"),
      expect.stringContaining("rotation period"),
      expect.stringContaining("LoggingConfig"),
      expect.stringContaining("ValidateStateMachineDefinition"),
      expect.stringContaining("SQS event source mappings are kept but never deliver"),
    ]);
  });

  it("commits every item of a transaction whose conditions hold", async () => {
    await transact([putIfAbsent("MARKER#committed"), addOne("COUNTER#committed")]);
    expect(await item("MARKER#committed")).toBeDefined();
    expect(await counter("COUNTER#committed")).toBe(1);
  });

  it("rolls back the items a cancelled transaction wrote before its failing condition", async () => {
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key("COUNTER#cancelled"),
        UpdateExpression: "SET n = :five, note = :kept",
        ExpressionAttributeValues: { ":five": { N: "5" }, ":kept": { S: "before" } },
      }),
    );
    await transact([putIfAbsent("MARKER#cancelled")]);

    // The ADD and the new item come first and are written; the third item's condition fails.
    const cancelled = transact([
      addOne("COUNTER#cancelled"),
      putIfAbsent("NEW#cancelled"),
      putIfAbsent("MARKER#cancelled"),
    ]);
    await expect(cancelled).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(cancelled).rejects.toMatchObject({
      CancellationReasons: [{ Code: "None" }, { Code: "None" }, { Code: "ConditionalCheckFailed" }],
    });

    expect(await item("COUNTER#cancelled")).toEqual({
      ...key("COUNTER#cancelled"),
      n: { N: "5" },
      note: { S: "before" },
    });
    expect(await item("NEW#cancelled")).toBeUndefined();
  });

  it("keeps the writes other requests make while cancelled transactions roll back", async () => {
    // What moto alone loses: a cancelled transaction put back a copy of the whole table taken
    // before these ADDs, so some of them vanished. A table of a few thousand items makes that copy
    // slow enough for the ADDs to land while it is taken.
    await fillTable(3000);
    await transact([putIfAbsent("MARKER#race")]);
    const rounds = 60;
    const requests = Array.from({ length: rounds }, (_, round) => [
      transact([addOne(`COUNTER#race-${round}`), putIfAbsent("MARKER#race")]).then(
        () => "committed",
        (error: Error) => error.name,
      ),
      dynamodb.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: key("COUNTER#race"),
          UpdateExpression: "ADD n :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        }),
      ),
    ]).flat();
    const outcomes = await Promise.all(requests);

    expect(outcomes.filter((outcome) => outcome === "TransactionCanceledException")).toHaveLength(rounds);
    expect(await counter("COUNTER#race")).toBe(rounds);
    expect(await counter(`COUNTER#race-${rounds - 1}`)).toBe(0);
  });

  it("writes nothing when a transaction names a table that does not exist", async () => {
    const missing: TransactWriteItem = {
      Put: { TableName: "shoebox-test-missing", Item: key("MARKER#missing") },
    };
    await expect(transact([putIfAbsent("NEW#missing"), missing])).rejects.toThrow();
    expect(await item("NEW#missing")).toBeUndefined();
  });
});
