import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import {
  dynamoDocumentClient,
  isTransactionConditionFailed,
  logger,
  publishEvent,
  retryLater,
  TransientError,
} from "@shoebox/runtime";
import {
  outcomeMarkerSortKey,
  ReceiptFailedMessageSchema,
  ReceiptItemSchema,
  type ReceiptOutcome,
  ReceiptOutcomeMarkerItemSchema,
  receiptSortKey,
} from "@shoebox/schemas";
import type { Rejection } from "./deliver-batch.ts";

export interface RejectionTargets {
  receiptsTable: string;
  batchesTable: string;
  eventsTopicArn: string;
}

/** What recording a rejection did: the receipt moved to FAILED now, was already, or is not this version. */
export type RejectionRecord = "recorded" | "already recorded" | "not stored";

/** The fields decided on; the rest of the item is whatever the workflow stored. */
const ReceiptStateSchema = ReceiptItemSchema.pick({ status: true, storedAt: true });

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

const STORED: ReceiptOutcome = "stored";
const FAILED: ReceiptOutcome = "failed";

const readItem = async (table: string, ownerId: string, sk: string) => {
  const { Item } = await dynamoDocumentClient()
    .send(new GetCommand({ TableName: table, Key: { ownerId, sk }, ConsistentRead: true }))
    .catch(retryLater(`reading ${sk} of owner ${ownerId}`));
  return Item;
};

/**
 * Records that the customer's database will never take a stored receipt, so the user sees it
 * failed, with the reason, instead of STORED: `receipt.failed` is published, the receipt item
 * becomes FAILED (failureError = the rejection code, failureCause = the reason) and, for an
 * upload in a batch, the batch counts it `failed` instead of `stored`. Only the version the
 * message carries is marked (a newer one has its own message), and only once: a replay finds
 * it FAILED and does nothing. Throws TransientError when AWS could not be reached.
 *
 * @example
 * await recordRejection({ error, receipt }, targets, new Date().toISOString()); // "recorded"
 */
export const recordRejection = async (
  { error, receipt }: Rejection,
  targets: RejectionTargets,
  now: string,
): Promise<RejectionRecord> => {
  const { ownerId, receiptId: photoId, storedAt } = receipt;
  const [receiptItem, outcomeItem] = await Promise.all([
    readItem(targets.receiptsTable, ownerId, receiptSortKey(photoId)),
    readItem(targets.receiptsTable, ownerId, outcomeMarkerSortKey(photoId)),
  ]);
  const state = ReceiptStateSchema.safeParse(receiptItem);
  if (!state.success || state.data.storedAt !== storedAt) {
    logger.warn("a rejected receipt is not stored in this version; nothing to record", { ownerId, photoId });
    return "not stored";
  }
  if (state.data.status === "FAILED") return "already recorded";

  // Announced before it is recorded: a crash in between repeats the announcement on the
  // replay rather than losing it, and once recorded FAILED it is never announced again.
  await publishEvent(
    targets.eventsTopicArn,
    "receipt",
    ReceiptFailedMessageSchema.parse({
      eventType: "receipt.failed",
      ownerId,
      photoId,
      occurredAt: now,
      error: error.code,
      cause: error.message,
    }),
  );

  const outcome = ReceiptOutcomeMarkerItemSchema.safeParse(outcomeItem);
  const recount: TransactItem[] =
    outcome.success && outcome.data.outcome === STORED
      ? [
          {
            Update: {
              TableName: targets.receiptsTable,
              Key: { ownerId, sk: outcomeMarkerSortKey(photoId) },
              UpdateExpression: "SET #outcome = :failed",
              ConditionExpression: "#outcome = :stored",
              ExpressionAttributeNames: { "#outcome": "outcome" },
              ExpressionAttributeValues: { ":failed": FAILED, ":stored": STORED },
            },
          },
          {
            Update: {
              TableName: targets.batchesTable,
              Key: { ownerId, batchId: outcome.data.batchId },
              UpdateExpression: "ADD #stored :minusOne, #failed :one",
              ExpressionAttributeNames: { "#stored": STORED, "#failed": FAILED },
              ExpressionAttributeValues: { ":minusOne": -1, ":one": 1 },
            },
          },
        ]
      : [];
  const markFailed: TransactItem = {
    Update: {
      TableName: targets.receiptsTable,
      Key: { ownerId, sk: receiptSortKey(photoId) },
      UpdateExpression:
        "SET #status = :failed, #failureError = :code, #failureCause = :reason, #failedAt = :now",
      ConditionExpression: "#status = :stored AND #storedAt = :storedAt",
      ExpressionAttributeNames: {
        "#status": "status",
        "#storedAt": "storedAt",
        "#failureError": "failureError",
        "#failureCause": "failureCause",
        "#failedAt": "failedAt",
      },
      ExpressionAttributeValues: {
        ":failed": "FAILED",
        ":stored": "STORED",
        ":storedAt": storedAt,
        ":code": error.code,
        ":reason": error.message,
        ":now": now,
      },
    },
  };
  await dynamoDocumentClient()
    .send(new TransactWriteCommand({ TransactItems: [markFailed, ...recount] }))
    .catch((failure: unknown) => {
      if (isTransactionConditionFailed(failure)) {
        // Another attempt got there first, or the receipt was stored again: read it afresh next time.
        throw new TransientError(`receipt ${ownerId}/${photoId} changed while its rejection was recorded`, {
          cause: failure,
        });
      }
      return retryLater(`recording receipt ${ownerId}/${photoId} as FAILED`)(failure);
    });
  logger.warn("the customer's database will never take this receipt; recorded FAILED", {
    ownerId,
    photoId,
    code: error.code,
    reason: error.message,
  });
  return "recorded";
};
