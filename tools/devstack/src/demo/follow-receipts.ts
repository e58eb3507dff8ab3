import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { BatchCounterSchema, type ReceiptOutcome } from "@shoebox/schemas";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { Stack } from "../stack.ts";
import { type ApiClient, apiGet } from "./api-client.ts";
import { addReadings } from "./receipt-readings.ts";
import { type DemoResult, type Progress, RECEIPT_OUTCOMES } from "./types.ts";

/**
 * Each receipt's outcome as the workflow counted it on its batch (`OUTCOME#<photoId>` markers in
 * the receipts table), and the receipts waiting for review (`RECEIPT#<photoId>` IN_REVIEW).
 */
const receiptOutcomes = async (
  dynamodb: DynamoDBClient,
  table: string | undefined,
): Promise<{ outcomes: Map<string, ReceiptOutcome>; inReview: Set<string> }> => {
  const outcomes = new Map<string, ReceiptOutcome>();
  const inReview = new Set<string>();
  if (!table) return { outcomes, inReview };
  let startKey: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: "begins_with(sk, :outcome) OR (begins_with(sk, :receipt) AND #status = :inReview)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":outcome": { S: "OUTCOME#" },
          ":receipt": { S: "RECEIPT#" },
          ":inReview": { S: "IN_REVIEW" },
        },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const [kind, photoId] = (item.sk?.S ?? "").split("#");
      const outcome = item.outcome?.S as ReceiptOutcome | undefined;
      if (kind === "OUTCOME" && photoId && outcome) outcomes.set(photoId, outcome);
      if (kind === "RECEIPT" && photoId) inReview.add(photoId);
    }
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return { outcomes, inReview };
};

/**
 * At the deadline: a receipt without an outcome is LOST; a stored one is delivered if its own
 * row is in the database by now.
 */
const settleAtDeadline = async (stack: Stack, receipts: DemoResult[], stored: DemoResult[]) => {
  const rows = new Set(
    await Promise.all(
      stored.map(async (result) =>
        (await stack.database.countReceipts([result.photoId as string])) > 0 ? result.photoId : undefined,
      ),
    ),
  );
  for (const result of receipts) {
    if (!result.receipt && !result.awaitingReview) {
      result.status = "LOST";
      result.reason = "PROCESSED, but the receipt workflow gave no outcome in time";
    } else if (result.receipt === "stored") {
      result.delivered = rows.has(result.photoId);
    }
  }
};

/** Reads the outcomes and the delivered rows every second until all are known, or the deadline. */
const waitForOutcomes = async (
  stack: Stack,
  receipts: DemoResult[],
  deadline: number,
  progress: Progress,
): Promise<void> => {
  const dynamodb = new DynamoDBClient(emulatorAdmin(stack.motoEndpoint, stack.config.region));
  let lastLine = "";
  try {
    for (;;) {
      const { outcomes, inReview } = await receiptOutcomes(dynamodb, stack.config.tables.receipts);
      for (const result of receipts) {
        const outcome = result.photoId ? outcomes.get(result.photoId) : undefined;
        if (outcome) result.receipt = outcome;
        result.awaitingReview = !outcome && inReview.has(result.photoId ?? "");
      }
      const stored = receipts.filter((result) => result.receipt === "stored");
      const delivered = await stack.database.countReceipts(stored.map((result) => result.photoId as string));
      const known = receipts.filter((result) => result.receipt || result.awaitingReview).length;
      const waiting = receipts.filter((result) => result.awaitingReview).length;
      const line = `receipts: ${known}/${receipts.length} with an outcome (${RECEIPT_OUTCOMES.map((outcome) => `${receipts.filter((result) => result.receipt === outcome).length} ${outcome}`).join(", ")}, ${waiting} waiting for review), ${delivered}/${stored.length} delivered to PostgreSQL`;
      if (line !== lastLine) progress(line);
      lastLine = line;
      if (known === receipts.length && delivered === stored.length) {
        for (const result of stored) result.delivered = true;
        return;
      }
      if (Date.now() > deadline) return settleAtDeadline(stack, receipts, stored);
      await sleep(1000);
    }
  } finally {
    dynamodb.destroy();
  }
};

/** The counters a client reads: GET /batches/{id}, as the batch's owner. */
const printBatchCounters = async (client: ApiClient, batchIds: Set<string>, progress: Progress) => {
  for (const batchId of batchIds) {
    const response = await apiGet(client, `/batches/${batchId}`);
    const text = await response.text();
    if (!response.ok) {
      progress(`GET /batches/${batchId} answered ${response.status}: ${text.slice(0, 200)}`);
      continue;
    }
    const view = JSON.parse(text) as Record<string, unknown>;
    const counters = ["expected", ...BatchCounterSchema.options]
      .map((counter) => `${counter} ${view[counter] ?? 0}`)
      .join(", ");
    progress(`GET /batches/${batchId}: ${counters}`);
  }
};

/**
 * Follows the PROCESSED receipts through the workflow (photo.processed -> receipt-starter ->
 * StartExecution) until each has its outcome, then the stored ones until their row is in the
 * delivery database, then reads what was read from each (GET /receipts). A receipt without an
 * outcome by the deadline is LOST.
 */
export const followReceipts = async (options: {
  stack: Stack;
  client: ApiClient;
  receipts: DemoResult[];
  batchIds: Set<string>;
  deadline: number;
  progress: Progress;
}): Promise<void> => {
  const { receipts, progress } = options;
  progress(`${receipts.length} receipt(s) processed; waiting for their workflow outcome and delivery`);
  await waitForOutcomes(options.stack, receipts, options.deadline, progress);
  await printBatchCounters(options.client, options.batchIds, progress);
  await addReadings(options.client, receipts, progress);
  printReviewCommands(options.client, receipts, progress);
};

/** For each receipt waiting for review: how to see it and the curl line that approves it. */
const printReviewCommands = (client: ApiClient, receipts: DemoResult[], progress: Progress) => {
  for (const result of receipts.filter((receipt) => receipt.awaitingReview)) {
    const review = `${client.api}/reviews/${result.photoId}`;
    progress(`${result.name} waits for its owner's review: GET ${review} shows why; to approve it:`);
    progress(
      `  curl -X POST '${review}' -H 'authorization: ${client.authorization}' -H 'content-type: application/json' -d '{"action":"approve"}'`,
    );
  }
};
