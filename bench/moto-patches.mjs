#!/usr/bin/env node
/*
 * What tools/testing/moto/patches.py changes: moto as released and moto as the project runs
 * it, side by side in one run; the two servers take turns, so both see the same machine load.
 *
 *   (a) DynamoDB: the transaction the receipt workflow commits for every receipt (CountOutcome:
 *       an OUTCOME# marker Put plus an ADD on the batch counter), SAMPLES (default 30) times, one
 *       at a time, against a receipts table of 0 .. 8000 items (2000 receipts leave about 8000:
 *       the receipt, two duplicate markers and an outcome marker each).
 *   (b) SQS: one SendMessageBatch of 10 and one ReceiveMessage of 10 (then DeleteMessageBatch),
 *       SAMPLES times each, on a queue with 0 .. 2000 messages waiting (a 2000-receipt batch
 *       puts that many S3 notifications in the uploads queue).
 *   (c) lost writes: ROUNDS (default 60) cancelled transactions (their marker exists) racing as
 *       many plain ADDs on one counter, on the 8000-item table; the counter should end at ROUNDS.
 *
 * Prints a table and one result line, writes bench/results/moto-patches.json.
 *
 *   node bench/moto-patches.mjs      # about 3 minutes on 2 cores, nearly all of it unpatched moto
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createKeyedTable, startMoto } from "../tools/testing/src/index.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "moto-patches.json");
const samples = Number(process.env.SAMPLES || 30);
const rounds = Number(process.env.ROUNDS || 60);
const tableSizes = [0, 1000, 4000, 8000];
const queueDepths = [0, 500, 2000];
const say = (line) => console.log(`[bench moto-patches] ${line}`);

const RECEIPTS = "receipts";
const BATCHES = "batches";
const key = (pk, sk) => ({ pk: { S: pk }, sk: { S: sk } });
const marker = (sk) => ({
  Put: { TableName: RECEIPTS, Item: key("owner", sk), ConditionExpression: "attribute_not_exists(sk)" },
});
const addOne = (table, sk) => ({
  Update: {
    TableName: table,
    Key: key("owner", sk),
    UpdateExpression: "ADD n :one",
    ExpressionAttributeValues: { ":one": { N: "1" } },
  },
});

const startServer = async (patched) => {
  const moto = await startMoto({ patched });
  const clientConfig = {
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  const client = new DynamoDBClient(clientConfig);
  const send = (command) => client.send(command);
  const sqs = new SQSClient(clientConfig);
  const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "uploads" }));
  let queued = 0;
  const sendTen = () =>
    sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: 10 }, (_, entry) => ({
          Id: String(entry),
          MessageBody: JSON.stringify({ Records: [{ eventSource: "aws:s3", n: queued + entry }] }),
        })),
      }),
    );
  const queueTo = async (depth) => {
    for (; queued < depth; queued += 10) await sendTen();
  };
  const receiveTenAndDelete = async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, entry) => ({
          Id: String(entry),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
    queued -= Messages.length;
  };
  for (const table of [RECEIPTS, BATCHES]) await createKeyedTable(table, "pk", "sk", client);
  let items = 0;
  // Receipt-shaped filler: about the attributes StoreReceipt writes.
  const fillTo = async (count) => {
    while (items < count) {
      const requests = Array.from({ length: Math.min(25, count - items) }, () => ({
        PutRequest: {
          Item: {
            ...key("owner", `RECEIPT#${String(items++).padStart(6, "0")}`),
            merchant: { S: "Corner Grocery" },
            merchantKey: { S: "corner-grocery" },
            date: { S: "2026-01-15" },
            totalMinor: { N: "1234" },
            currency: { S: "EUR" },
            category: { S: "groceries" },
            status: { S: "STORED" },
          },
        },
      }));
      await send(new BatchWriteItemCommand({ RequestItems: { [RECEIPTS]: requests } }));
    }
  };
  return {
    name: patched ? "patched" : "moto as released",
    moto,
    send,
    fillTo,
    queueTo,
    sendTen: async () => {
      await sendTen();
      queued += 10;
    },
    receiveTenAndDelete,
  };
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median ms of `operation` on each server, the servers taking turns. */
const sideBySide = async (servers, operation) => {
  const times = servers.map(() => []);
  for (let index = 0; index < samples; index++) {
    for (const [which, server] of servers.entries()) {
      const started = performance.now();
      await operation(server, index);
      times[which].push(performance.now() - started);
    }
  }
  const [plainMs, patchedMs] = times.map(median);
  return { plainMs, patchedMs, ratio: plainMs / patchedMs };
};

const main = async () => {
  say(`starting moto as released and moto with patches.py (${os.cpus().length} cores)`);
  const servers = [await startServer(false), await startServer(true)];
  try {
    const rows = [];
    const measure = async (operation, size, run) => {
      const row = { operation, size, ...(await sideBySide(servers, run)) };
      rows.push(row);
      say(
        `${operation} at ${size}: ${row.plainMs.toFixed(1)} ms as released, ${row.patchedMs.toFixed(1)} ms patched (${row.ratio.toFixed(1)}x)`,
      );
    };
    let sequence = 0;
    for (const size of tableSizes) {
      for (const server of servers) await server.fillTo(size);
      await measure("TransactWriteItems (CountOutcome), table items", size, (server) =>
        server.send(
          new TransactWriteItemsCommand({
            TransactItems: [marker(`OUTCOME#${sequence++}`), addOne(BATCHES, "BATCH#cost")],
          }),
        ),
      );
    }
    for (const depth of queueDepths) {
      for (const server of servers) await server.queueTo(depth);
      // Each pair keeps the depth: ten in, ten out.
      await measure("SendMessageBatch of 10, messages waiting", depth, (server) => server.sendTen());
      await measure("ReceiveMessage of 10 + delete, messages waiting", depth, (server) =>
        server.receiveTenAndDelete(),
      );
    }

    const lostWrites = [];
    for (const server of servers) {
      await server.send(new TransactWriteItemsCommand({ TransactItems: [marker("MARKER#race")] }));
      const outcomes = await Promise.all(
        Array.from({ length: rounds }, (_, round) => [
          server
            .send(
              new TransactWriteItemsCommand({
                TransactItems: [addOne(BATCHES, `BATCH#race-${round}`), marker("MARKER#race")],
              }),
            )
            .then(
              () => "committed",
              (error) => error.name,
            ),
          server.send(new UpdateItemCommand(addOne(BATCHES, "BATCH#race").Update)),
        ]).flat(),
      );
      const counter = await server.send(
        new GetItemCommand({ TableName: BATCHES, Key: key("owner", "BATCH#race"), ConsistentRead: true }),
      );
      const counted = Number(counter.Item?.n?.N ?? 0);
      const markerKept = Boolean(
        (await server.send(new GetItemCommand({ TableName: RECEIPTS, Key: key("owner", "MARKER#race") })))
          .Item,
      );
      const wronglyCommitted = outcomes.filter((outcome) => outcome === "committed").length;
      lostWrites.push({
        server: server.name,
        adds: rounds,
        counted,
        lost: rounds - counted,
        markerKept,
        wronglyCommitted,
      });
      say(
        `${server.name}: ${rounds} ADDs racing ${rounds} cancelled transactions: counter ${counted}, ` +
          `lost ${rounds - counted}, transactions that should have been cancelled but committed ${wronglyCommitted}`,
      );
    }

    const machine = {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    };
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ date: new Date().toISOString(), machine, samples, rows, rounds, lostWrites }, null, 2)}\n`,
    );

    const table = [
      ["operation", "at", "as released ms", "patched ms", "patched is"],
      ...rows.map((row) => [
        row.operation,
        row.size,
        row.plainMs.toFixed(1),
        row.patchedMs.toFixed(1),
        `${row.ratio.toFixed(1)}x faster`,
      ]),
    ].map((row) => row.map(String));
    const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
    console.log(
      `\n${table.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ")).join("\n")}\n`,
    );

    const [plainRace, patchedRace] = lostWrites;
    const deepest = (operation) => rows.filter((row) => row.operation.startsWith(operation)).at(-1);
    const transaction = deepest("TransactWriteItems");
    const receive = deepest("ReceiveMessage");
    const passed = patchedRace.lost === 0 && patchedRace.wronglyCommitted === 0 && patchedRace.markerKept;
    console.log(
      `${passed ? "ok" : "FAILED"}: patched moto is ${transaction.ratio.toFixed(0)}x faster on a transaction at ` +
        `${transaction.size} items and ${receive.ratio.toFixed(0)}x on a receive with ${receive.size} messages waiting; ` +
        `racing ADDs lost ${plainRace.lost} as released, ${patchedRace.lost} patched`,
    );
    process.exitCode = passed ? 0 : 1;
  } finally {
    await Promise.all(servers.map((server) => server.moto.stop()));
  }
};

main().catch((error) => {
  console.error(`[bench moto-patches] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
