import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { BatchItemSchema, type BatchView } from "@shoebox/schemas";

/**
 * One batch's counters, read under the caller's own partition only. Strongly consistent, so a
 * client polling for completion never sees a counter go backwards between two reads.
 */
export const getBatchView = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  ownerId: string,
  batchId: string,
): Promise<BatchView | undefined> => {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: table, Key: { ownerId, batchId }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const batch = BatchItemSchema.parse(Item);
  return {
    batchId: batch.batchId,
    createdAt: batch.createdAt,
    expected: batch.expected ?? 0,
    processed: batch.processed ?? 0,
    failed: batch.failed ?? 0,
    stored: batch.stored ?? 0,
    duplicate: batch.duplicate ?? 0,
    invalid: batch.invalid ?? 0,
  };
};
