import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type ReceiptItem, ReceiptItemSchema } from "@shoebox/schemas";
import { RECEIPT_PREFIX, type ReceiptKey, ReceiptKeySchema } from "./receipt-keys.ts";

/** Which receipts a query keeps: a range of receipt dates (inclusive) and a status, each optional. */
export interface ReceiptFilter {
  from?: string | undefined;
  to?: string | undefined;
  status?: ReceiptItem["status"] | undefined;
}

export interface ReceiptQueryPage {
  items: ReceiptItem[];
  /** Where DynamoDB stopped; absent when the caller's receipts are done. */
  lastEvaluatedKey?: ReceiptKey;
}

type ExpressionValues = Record<string, string>;

/**
 * The filter as a DynamoDB FilterExpression, or undefined for none. ISO dates compare as strings,
 * so a range is BETWEEN; a receipt without a date (one that failed before it was read) is in no range.
 *
 * @example
 * receiptFilterExpression({ from: "2026-01-01", status: "STORED" });
 * // { expression: "#date >= :from AND #status = :status", names: {...}, values: {...} }
 */
export const receiptFilterExpression = (
  filter: ReceiptFilter,
): { expression: string; names: Record<string, string>; values: ExpressionValues } | undefined => {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: ExpressionValues = {};
  const { from, to, status } = filter;
  if (from !== undefined || to !== undefined) names["#date"] = "date";
  if (from !== undefined && to !== undefined) conditions.push("#date BETWEEN :from AND :to");
  else if (from !== undefined) conditions.push("#date >= :from");
  else if (to !== undefined) conditions.push("#date <= :to");
  if (from !== undefined) values[":from"] = from;
  if (to !== undefined) values[":to"] = to;
  if (status !== undefined) {
    conditions.push("#status = :status");
    names["#status"] = "status";
    values[":status"] = status;
  }
  return conditions.length ? { expression: conditions.join(" AND "), names, values } : undefined;
};

/**
 * One Query of the owner's receipts, newest upload first (the sort key holds the photo id, a
 * ULID). `evaluate` is DynamoDB's Limit: how many receipts it reads before the filter, so a page
 * may come back with fewer (or none) and a lastEvaluatedKey; without it DynamoDB reads up to 1 MB.
 */
export const queryReceipts = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  ownerId: string,
  page: { filter: ReceiptFilter; startKey?: ReceiptKey | undefined; evaluate?: number | undefined },
): Promise<ReceiptQueryPage> => {
  const filter = receiptFilterExpression(page.filter);
  const result = await dynamo.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "ownerId = :ownerId AND begins_with(sk, :receipts)",
      ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
      ExpressionAttributeValues: { ":ownerId": ownerId, ":receipts": RECEIPT_PREFIX, ...filter?.values },
      ScanIndexForward: false,
      ...(page.evaluate !== undefined ? { Limit: page.evaluate } : {}),
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
  const items = (result.Items ?? []).map((item) => ReceiptItemSchema.parse(item));
  return {
    items,
    ...(result.LastEvaluatedKey ? { lastEvaluatedKey: ReceiptKeySchema.parse(result.LastEvaluatedKey) } : {}),
  };
};
