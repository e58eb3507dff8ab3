import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { HttpError, isConditionalCheckFailed, TransientError } from "@shoebox/runtime";
import type { BatchItem, PhotoItem } from "@shoebox/schemas";

/** DynamoDB takes at most 25 puts per BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;
const MAX_ATTEMPTS = 5;

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Chunks written at once: 4 x 25 items keeps a 500-file request to five round trips. */
const PARALLEL_BATCH_WRITES = 4;

/** One BatchWriteItem call of at most 25 puts, retrying what DynamoDB leaves unprocessed. */
const writeChunk = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  items: PhotoItem[],
): Promise<void> => {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS) {
      throw new TransientError(
        `${requests.length} photo items stayed unprocessed after ${MAX_ATTEMPTS} attempts`,
      );
    }
    const result = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    if (requests.length > 0) await pause(50 * 2 ** attempt);
  }
};

/**
 * Writes the PENDING items of a request before any upload URL is handed out, so the thumbnail
 * function always finds the item its upload belongs to. Unprocessed items (throttling) are
 * retried with backoff; what is still unwritten after that fails the request as a whole.
 */
export const putPhotoItems = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  items: PhotoItem[],
): Promise<void> => {
  const chunks: PhotoItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    chunks.push(items.slice(start, start + BATCH_WRITE_LIMIT));
  }
  for (let next = 0; next < chunks.length; next += PARALLEL_BATCH_WRITES) {
    await Promise.all(
      chunks.slice(next, next + PARALLEL_BATCH_WRITES).map((chunk) => writeChunk(dynamo, table, chunk)),
    );
  }
};

/** The batch's counters, all zero, written before its photos so every later ADD finds them. */
export const putBatchItem = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  batch: BatchItem,
): Promise<void> => {
  await dynamo.send(
    new PutCommand({ TableName: table, Item: batch, ConditionExpression: "attribute_not_exists(batchId)" }),
  );
};

/**
 * Adds `count` expected uploads to an earlier batch of the owner's. The key holds the caller's
 * owner id, so another owner's batch id is as unknown here as a made-up one: 404 either way.
 */
export const addToBatch = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  key: { ownerId: string; batchId: string },
  count: number,
): Promise<void> => {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: "ADD #expected :count",
        ConditionExpression: "attribute_exists(batchId)",
        ExpressionAttributeNames: { "#expected": "expected" },
        ExpressionAttributeValues: { ":count": count },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new HttpError(404, "batch not found");
    throw error;
  }
};
