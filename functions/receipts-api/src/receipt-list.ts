import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor, HttpError, readableIssues } from "@shoebox/runtime";
import {
  type ReceiptItem,
  ReceiptListQuerySchema,
  type ReceiptListResponse,
  type ReceiptView,
  ReceiptViewSchema,
} from "@shoebox/schemas";
import { type ReceiptKey, ReceiptKeySchema, receiptKeyOf } from "./receipt-keys.ts";
import { readReceiptPage } from "./receipt-page.ts";
import { queryReceipts } from "./receipt-queries.ts";
import { MAX_RESPONSE_BODY_BYTES, responseBytesOf } from "./response-size.ts";

export interface ReceiptSource {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/** What the receipts of one page may take of the response; the rest is the cursor and the envelope. */
export const MAX_PAGE_RECEIPT_BYTES = MAX_RESPONSE_BODY_BYTES - 64 * 1024;

/**
 * The first receipts of a page that fit in one response (at least one), and where the next page
 * starts when some were left out. A receipt holds its reading (up to 100 line items), so 100 of
 * them can outgrow Lambda's 6 MB: the page is cut short instead, and the rest come next.
 *
 * @example
 * fitPage(items, views, undefined, MAX_PAGE_RECEIPT_BYTES); // { views, nextKey }
 */
export const fitPage = (
  items: readonly ReceiptItem[],
  views: readonly ReceiptView[],
  nextKey: ReceiptKey | undefined,
  maxBytes: number,
): { views: ReceiptView[]; nextKey: ReceiptKey | undefined } => {
  let bytes = 0;
  const fitting = views.findIndex((view, index) => {
    bytes += responseBytesOf(JSON.stringify(view)) + 1;
    return index > 0 && bytes > maxBytes;
  });
  if (fitting === -1) return { views: [...views], nextKey };
  return { views: views.slice(0, fitting), nextKey: receiptKeyOf(items[fitting - 1] as ReceiptItem) };
};

/**
 * GET /receipts: one page of the caller's receipts, newest upload first, optionally only those
 * dated from/to (inclusive) or of one status, as the API shows them, with the cursor of the next
 * page (null at the end). A bad query, or a cursor this API did not issue to this caller,
 * answers 400.
 *
 * @example
 * await getReceiptList({ limit: "10", status: "STORED" }, ownerId, { dynamo, table }); // { receipts: [...], nextCursor: "…" }
 */
export const getReceiptList = async (
  queryStringParameters: Record<string, string | undefined> | undefined,
  ownerId: string,
  source: ReceiptSource,
): Promise<ReceiptListResponse> => {
  const query = ReceiptListQuerySchema.safeParse(queryStringParameters ?? {});
  if (!query.success) throw new HttpError(400, "invalid query", readableIssues(query.error));
  const { limit, cursor, ...filter } = query.data;
  const startKey = cursor === undefined ? undefined : decodeCursor(cursor, ownerId, ReceiptKeySchema);
  if (cursor !== undefined && !startKey) throw new HttpError(400, "cursor is not a cursor this API issued");

  const page = await readReceiptPage(
    (read) => queryReceipts(source.dynamo, source.table, ownerId, { filter, ...read }),
    { limit, filter, startKey },
  );
  const views = page.items.map((item) => ReceiptViewSchema.parse(item));
  const fitted = fitPage(page.items, views, page.nextKey, MAX_PAGE_RECEIPT_BYTES);
  return { receipts: fitted.views, nextCursor: fitted.nextKey ? encodeCursor(fitted.nextKey) : null };
};
