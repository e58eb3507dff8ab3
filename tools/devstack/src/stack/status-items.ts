import { type AttributeValue, type DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { type PhotoStatus, PhotoStatusSchema, REVIEW_PREFIX, ReviewStatusSchema } from "@shoebox/schemas";

/*
 * The counts the AWS dashboard has from the functions' metrics, read locally from the items
 * themselves: photos by status, batches still open, reviews waiting for a person.
 */

type Item = Record<string, AttributeValue>;

const scanItems = async (
  dynamodb: DynamoDBClient,
  input: {
    TableName: string;
    ProjectionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    FilterExpression?: string;
    ExpressionAttributeValues?: Item;
  },
): Promise<Item[]> => {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: dynamodb }, input)) items.push(...(page.Items ?? []));
  return items;
};

const numberOf = (value: AttributeValue | undefined): number => Number(value?.N ?? 0);

/** Photos (and receipts, which are photos too) by status. */
export const countPhotosByStatus = async (
  dynamodb: DynamoDBClient,
  table: string,
): Promise<Record<PhotoStatus, number>> => {
  const counts = Object.fromEntries(PhotoStatusSchema.options.map((status) => [status, 0])) as Record<
    PhotoStatus,
    number
  >;
  const items = await scanItems(dynamodb, {
    TableName: table,
    ProjectionExpression: "#status",
    ExpressionAttributeNames: { "#status": "status" },
  });
  for (const item of items) {
    const status = PhotoStatusSchema.safeParse(item.status?.S);
    if (status.success) counts[status.data]++;
  }
  return counts;
};

/** Batches, and how many are open: fewer of their uploads decided (processed or failed) than expected. */
export const countBatches = async (
  dynamodb: DynamoDBClient,
  table: string,
): Promise<{ open: number; total: number }> => {
  const items = await scanItems(dynamodb, {
    TableName: table,
    ProjectionExpression: "#expected, #processed, #failed",
    ExpressionAttributeNames: { "#expected": "expected", "#processed": "processed", "#failed": "failed" },
  });
  const open = items.filter(
    (item) => numberOf(item.processed) + numberOf(item.failed) < numberOf(item.expected),
  ).length;
  return { open, total: items.length };
};

/** Reviews waiting for their owner's decision (`REVIEW#…` items still PENDING). */
export const countWaitingReviews = async (dynamodb: DynamoDBClient, table: string): Promise<number> => {
  const items = await scanItems(dynamodb, {
    TableName: table,
    ProjectionExpression: "#sk",
    ExpressionAttributeNames: { "#sk": "sk", "#status": "status" },
    FilterExpression: "begins_with(#sk, :review) AND #status = :pending",
    ExpressionAttributeValues: {
      ":review": { S: REVIEW_PREFIX },
      ":pending": { S: ReviewStatusSchema.enum.PENDING },
    },
  });
  return items.length;
};
