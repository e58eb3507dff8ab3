import { MAX_QUERIES_PER_PAGE, MIN_READ_PER_FILTERED_QUERY } from "@shoebox/runtime";
import type { ReceiptItem } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import type { ReceiptKey } from "../../src/receipt-keys.ts";
import { type ReadReceipts, readReceiptPage } from "../../src/receipt-page.ts";

/*
 * The paging decisions against a stand-in for one owner's partition that behaves as DynamoDB
 * documents Query: newest sort key first, Limit counts the items read *before* the filter, and a
 * query stopped by its Limit answers a LastEvaluatedKey even when nothing is left. (The moto
 * integration test runs the same paging against DynamoDB's wire protocol.)
 */

const OWNER = "ownerOwnerOwnerOwner01";

type Status = ReceiptItem["status"];

const receipt = (n: number, status: Status): ReceiptItem => {
  const photoId = `01JD3M7Z8K${String(n).padStart(16, "0")}`;
  return { ownerId: OWNER, sk: `RECEIPT#${photoId}`, photoId, status };
};

/** The stand-in partition; `status` is the query's FilterExpression, applied after the Limit. */
const partition = (statuses: Status[], status?: Status) => {
  const items = statuses.map((status, n) => receipt(n, status)).reverse();
  const queries: number[] = [];
  const read: ReadReceipts = async ({ startKey, evaluate }) => {
    queries.push(evaluate);
    const start = startKey ? items.findIndex((item) => item.sk === startKey.sk) + 1 : 0;
    const evaluated = items.slice(start, start + evaluate);
    const stoppedByLimit = evaluated.length === evaluate;
    const last = evaluated[evaluated.length - 1];
    return {
      items: evaluated.filter((item) => status === undefined || item.status === status),
      ...(stoppedByLimit && last ? { lastEvaluatedKey: { ownerId: OWNER, sk: last.sk } } : {}),
    };
  };
  return { items, queries, read };
};

const everyPage = async (
  read: ReadReceipts,
  page: { limit: number; filter: { status?: Status } },
): Promise<ReceiptItem[][]> => {
  const pages: ReceiptItem[][] = [];
  let startKey: ReceiptKey | undefined;
  do {
    const result = await readReceiptPage(read, { ...page, startKey });
    pages.push(result.items);
    startKey = result.nextKey;
  } while (startKey && pages.length < 100);
  return pages;
};

describe("readReceiptPage", () => {
  it("unfiltered, reads exactly what the page needs in one query", async () => {
    const { queries, read } = partition(Array(30).fill("STORED"));

    const page = await readReceiptPage(read, { limit: 10, filter: {} });

    expect(page.items).toHaveLength(10);
    expect(page.nextKey?.sk).toBe(page.items[9]?.sk);
    expect(queries).toEqual([10]);
  });

  it("fills a page of a sparse filter across queries, and lists every match exactly once", async () => {
    // Prepare: 1 FAILED receipt in 40, 400 receipts.
    const statuses = Array.from({ length: 400 }, (_, n): Status => (n % 40 === 7 ? "FAILED" : "STORED"));
    const { items, queries, read } = partition(statuses, "FAILED");
    const failed = items.filter((item) => item.status === "FAILED");

    // Act
    const first = await readReceiptPage(read, { limit: 4, filter: { status: "FAILED" } });
    const pages = await everyPage(read, { limit: 4, filter: { status: "FAILED" } });

    // Assess
    expect(first.items).toEqual(failed.slice(0, 4));
    expect(queries.slice(0, 2)).toEqual([MIN_READ_PER_FILTERED_QUERY, MIN_READ_PER_FILTERED_QUERY]);
    expect(pages.flat()).toEqual(failed);
  });

  it("cuts a query that matched more than the page needs and continues after the last receipt taken", async () => {
    const { items, read } = partition(Array(150).fill("STORED"), "STORED");

    const first = await readReceiptPage(read, { limit: 7, filter: { status: "STORED" } });
    const second = await readReceiptPage(read, {
      limit: 7,
      filter: { status: "STORED" },
      startKey: first.nextKey,
    });

    expect(first.nextKey).toEqual({ ownerId: OWNER, sk: items[6]?.sk });
    expect(second.items).toEqual(items.slice(7, 14));
  });

  it(`stops after ${MAX_QUERIES_PER_PAGE} queries with what it has and a cursor, however sparse the filter`, async () => {
    const statuses = Array.from({ length: 5000 }, (_, n): Status => (n === 0 ? "FAILED" : "STORED"));
    const { queries, read } = partition(statuses, "FAILED");

    const page = await readReceiptPage(read, { limit: 50, filter: { status: "FAILED" } });

    expect(queries).toHaveLength(MAX_QUERIES_PER_PAGE);
    expect(page.items).toEqual([]);
    expect(page.nextKey).toBeDefined();
  });

  it("ends without a cursor when the owner's receipts are done", async () => {
    const { read } = partition(Array(3).fill("STORED"));

    const page = await readReceiptPage(read, { limit: 50, filter: {} });

    expect(page.items).toHaveLength(3);
    expect(page.nextKey).toBeUndefined();
  });
});
