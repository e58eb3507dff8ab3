import { HttpError, readableIssues } from "@shoebox/runtime";
import { ReceiptExportQuerySchema, type ReceiptItem, ReceiptViewSchema } from "@shoebox/schemas";
import { toCsv } from "./csv.ts";
import type { ReceiptKey } from "./receipt-keys.ts";
import type { ReceiptSource } from "./receipt-list.ts";
import { queryReceipts } from "./receipt-queries.ts";
import { receiptTable } from "./receipt-rows.ts";
import { MAX_RESPONSE_BODY_BYTES, responseBytesOf } from "./response-size.ts";

export interface ReceiptExport {
  filename: string;
  csv: string;
}

const tooLarge = (what: string, from: string, to: string) =>
  new HttpError(
    413,
    `${what} between ${from} and ${to} for one export: narrow the range and export it in parts`,
  );

/** Every receipt of the owner dated from/to, or a 413 as soon as there are more than `maxRows`. */
const readReceiptsInRange = async (
  source: ReceiptSource,
  ownerId: string,
  range: { from: string; to: string },
  maxRows: number,
): Promise<ReceiptItem[]> => {
  const items: ReceiptItem[] = [];
  let startKey: ReceiptKey | undefined;
  do {
    const page = await queryReceipts(source.dynamo, source.table, ownerId, { filter: range, startKey });
    items.push(...page.items);
    if (items.length > maxRows) throw tooLarge(`more than ${maxRows} receipts`, range.from, range.to);
    startKey = page.lastEvaluatedKey;
  } while (startKey);
  return items;
};

/** Code-unit order, which for ISO dates and ULIDs is time order (localeCompare depends on the locale). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byDateThenPhoto = (a: ReceiptItem, b: ReceiptItem): number =>
  compareText(a.date ?? "", b.date ?? "") || compareText(a.photoId, b.photoId);

/**
 * GET /receipts/export: the caller's receipts dated from `from` to `to` (both required,
 * inclusive, at most MAX_EXPORT_DAYS apart) as one CSV file, oldest receipt date first. More
 * than `maxRows` receipts, or a file too large for one response, answers 413: the file is
 * whole or not sent, never cut short.
 *
 * @example
 * await exportReceipts({ from: "2026-01-01", to: "2026-03-31" }, ownerId, { dynamo, table }, 10_000);
 * // { filename: "receipts-2026-01-01-2026-03-31.csv", csv: "photoId,status,…\r\n…" }
 */
export const exportReceipts = async (
  queryStringParameters: Record<string, string | undefined> | undefined,
  ownerId: string,
  source: ReceiptSource,
  maxRows: number,
): Promise<ReceiptExport> => {
  const query = ReceiptExportQuerySchema.safeParse(queryStringParameters ?? {});
  if (!query.success) throw new HttpError(400, "invalid query", readableIssues(query.error));
  const { from, to } = query.data;

  const items = await readReceiptsInRange(source, ownerId, { from, to }, maxRows);
  const receipts = items.sort(byDateThenPhoto).map((item) => ReceiptViewSchema.parse(item));
  const { header, rows } = receiptTable(receipts);
  const csv = toCsv(header, rows);
  if (responseBytesOf(csv) > MAX_RESPONSE_BODY_BYTES) {
    throw tooLarge(`more than ${MAX_RESPONSE_BODY_BYTES} bytes of receipts`, from, to);
  }
  return { filename: `receipts-${from}-${to}.csv`, csv };
};
