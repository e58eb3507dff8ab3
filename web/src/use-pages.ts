import { useCallback, useEffect, useState } from "preact/hooks";

/** One page of a list the API pages by token; `next` is absent (or null) when nothing follows. */
export interface Page<T> {
  items: T[];
  next?: string | null | undefined;
}

/**
 * A list read a page at a time, each page appended to the ones before (receipts, reviews). A
 * page may hold fewer items than asked for and still have a next one: the API filters a bounded
 * number of stored items per request, so "more" follows the token, not the count. `readPage`
 * must be stable (useCallback): a new one starts the list again.
 */
export const usePages = <T>(readPage: (token: string | undefined) => Promise<Page<T>>) => {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    async (token: string | undefined) => {
      setLoading(true);
      try {
        const page = await readPage(token);
        setItems((known) => (token ? [...known, ...page.items] : page.items));
        setNext(page.next ?? undefined);
        setError(undefined);
      } catch (caught) {
        setError((caught as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [readPage],
  );
  useEffect(() => {
    void load(undefined);
  }, [load]);
  return {
    items,
    loading,
    error,
    hasMore: next !== undefined,
    loadMore: () => load(next),
    reload: () => load(undefined),
  };
};
