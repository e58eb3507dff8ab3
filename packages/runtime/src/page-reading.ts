/*
 * Filtered listings of one owner's partition, a page at a time. DynamoDB applies a filter after
 * its Limit, so a filtered query can come back short or empty while items remain; a page asks
 * again, a bounded number of times, then answers what it has with where to continue.
 */

/**
 * Queries one page may make: however sparse the filter, one request is a bounded piece of work
 * (at most 10 x 100 items read), and a page cut short still says where to continue.
 */
export const MAX_QUERIES_PER_PAGE = 10;

/** Items a filtered query reads at least, so a sparse filter fills a small page in few queries. */
export const MIN_READ_PER_FILTERED_QUERY = 100;

/** What one Query answered: the items that passed its filter, and where DynamoDB stopped. */
export interface QueryPage<Item, Key> {
  items: Item[];
  /** Absent when the partition's items are done. */
  lastEvaluatedKey?: Key | undefined;
}

/** One Query from `startKey` on, evaluating at most `evaluate` items (DynamoDB's Limit). */
export type ReadQuery<Item, Key> = (query: {
  startKey: Key | undefined;
  evaluate: number;
}) => Promise<QueryPage<Item, Key>>;

export interface Page<Item, Key> {
  items: Item[];
  /** Where the next page starts; undefined when no item remains. */
  nextKey: Key | undefined;
}

/**
 * Up to `limit` items from `startKey` on, query after query until the page is full, the items
 * are done or MAX_QUERIES_PER_PAGE is spent. A query that matched more than the page still needs
 * is cut, and the next page starts after the last item taken (`keyOf`), so every item is listed
 * exactly once across pages. Unfiltered, every item read is kept, so each query reads exactly
 * what the page still needs.
 *
 * @example
 * await readPage((query) => queryReviews(dynamo, table, ownerId, query), { limit: 50, filtered: true }, reviewKeyOf);
 */
export const readPage = async <Item, Key>(
  read: ReadQuery<Item, Key>,
  page: { limit: number; filtered: boolean; startKey?: Key | undefined },
  keyOf: (item: Item) => Key,
): Promise<Page<Item, Key>> => {
  const items: Item[] = [];
  let startKey = page.startKey;
  for (let query = 0; query < MAX_QUERIES_PER_PAGE; query++) {
    const needed = page.limit - items.length;
    const evaluate = page.filtered ? Math.max(needed, MIN_READ_PER_FILTERED_QUERY) : needed;
    const result = await read({ startKey, evaluate });
    if (result.items.length > needed) {
      const taken = result.items.slice(0, needed);
      items.push(...taken);
      return { items, nextKey: keyOf(taken[taken.length - 1] as Item) };
    }
    items.push(...result.items);
    if (!result.lastEvaluatedKey || items.length === page.limit) {
      return { items, nextKey: result.lastEvaluatedKey };
    }
    startKey = result.lastEvaluatedKey;
  }
  return { items, nextKey: startKey };
};
