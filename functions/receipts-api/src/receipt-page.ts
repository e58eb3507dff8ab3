import { type Page, type ReadQuery, readPage } from "@shoebox/runtime";
import type { ReceiptItem } from "@shoebox/schemas";
import { type ReceiptKey, receiptKeyOf } from "./receipt-keys.ts";
import type { ReceiptFilter } from "./receipt-queries.ts";

export type ReadReceipts = ReadQuery<ReceiptItem, ReceiptKey>;

export type ReceiptPage = Page<ReceiptItem, ReceiptKey>;

const isFiltered = (filter: ReceiptFilter): boolean =>
  filter.from !== undefined || filter.to !== undefined || filter.status !== undefined;

/**
 * Up to `limit` receipts from `startKey` on (readPage of @shoebox/runtime: query after query,
 * at most MAX_QUERIES_PER_PAGE, every receipt listed exactly once across pages).
 *
 * @example
 * await readReceiptPage((query) => queryReceipts(dynamo, table, ownerId, { filter, ...query }), { limit: 50, filter });
 */
export const readReceiptPage = (
  read: ReadReceipts,
  page: { limit: number; filter: ReceiptFilter; startKey?: ReceiptKey | undefined },
): Promise<ReceiptPage> =>
  readPage(
    read,
    { limit: page.limit, filtered: isFiltered(page.filter), startKey: page.startKey },
    receiptKeyOf,
  );
