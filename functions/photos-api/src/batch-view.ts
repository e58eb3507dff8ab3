import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { ArchiveBatchItemSchema, ArchiveViewSchema, type BatchView } from "@shoebox/schemas";

/** A batch item, with the archive's outcome when the batch came as a zip. */
const StoredBatchSchema = ArchiveBatchItemSchema.partial({ archive: true });

/**
 * One batch's counters (and its archive's outcome), read under the caller's own partition only. Strongly consistent, so a
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
  const batch = StoredBatchSchema.parse(Item);
  return {
    batchId: batch.batchId,
    createdAt: batch.createdAt,
    expected: batch.expected ?? 0,
    processed: batch.processed ?? 0,
    failed: batch.failed ?? 0,
    stored: batch.stored ?? 0,
    duplicate: batch.duplicate ?? 0,
    invalid: batch.invalid ?? 0,
    rejected: batch.rejected ?? 0,
    ...(batch.archive ? { archive: ArchiveViewSchema.parse(batch.archive) } : {}),
  };
};
