import type { ReceiptItem } from "@shoebox/schemas";
import { type ReceiptKey, receiptKeyOf } from "./receipt-keys.ts";
import type { ReceiptFilter, ReceiptQueryPage } from "./receipt-queries.ts";

/**
 * Queries one page may make. DynamoDB applies a filter after its Limit, so a filtered query can
 * come back short or empty while receipts remain; the page asks again, at most this often, then
 * answers what it has with a cursor, so one request is a bounded piece of work however sparse
 * the filter (at most 10 x 100 receipts read).
 */
export const MAX_QUERIES_PER_PAGE = 10;

/** Receipts a filtered query reads at least, so a sparse filter fills a small page in few queries. */
export const MIN_READ_PER_FILTERED_QUERY = 100;

export type ReadReceipts = (query: {
  startKey: ReceiptKey | undefined;
  evaluate: number;
}) => Promise<ReceiptQueryPage>;

export interface ReceiptPage {
  items: ReceiptItem[];
  /** Where the next page starts; undefined when no receipt remains. */
  nextKey: ReceiptKey | undefined;
}

const isFiltered = (filter: ReceiptFilter): boolean =>
  filter.from !== undefined || filter.to !== undefined || filter.status !== undefined;

/**
 * Up to `limit` receipts from `startKey` on, query after query until the page is full, the
 * receipts are done or MAX_QUERIES_PER_PAGE is spent. A query that matched more than the page
 * still needs is cut, and the next page starts after the last receipt taken, so every receipt is
 * listed exactly once across pages.
 *
 * @example
 * await readReceiptPage((query) => queryReceipts(dynamo, table, ownerId, { filter, ...query }), { limit: 50, filter });
 */
export const readReceiptPage = async (
  read: ReadReceipts,
  page: { limit: number; filter: ReceiptFilter; startKey?: ReceiptKey | undefined },
): Promise<ReceiptPage> => {
  const items: ReceiptItem[] = [];
  let startKey = page.startKey;
  for (let query = 0; query < MAX_QUERIES_PER_PAGE; query++) {
    const needed = page.limit - items.length;
    // Unfiltered, every receipt read is kept: read exactly what the page needs.
    const evaluate = isFiltered(page.filter) ? Math.max(needed, MIN_READ_PER_FILTERED_QUERY) : needed;
    const result = await read({ startKey, evaluate });
    if (result.items.length > needed) {
      const taken = result.items.slice(0, needed);
      items.push(...taken);
      return { items, nextKey: receiptKeyOf(taken[taken.length - 1] as ReceiptItem) };
    }
    items.push(...result.items);
    if (!result.lastEvaluatedKey || items.length === page.limit) {
      return { items, nextKey: result.lastEvaluatedKey };
    }
    startKey = result.lastEvaluatedKey;
  }
  return { items, nextKey: startKey };
};
