import { formatMajorUnits, ReceiptListResponseSchema, type ReceiptView } from "@shoebox/schemas";
import { type ApiClient, apiGet } from "./api-client.ts";
import type { DemoResult, Progress } from "./types.ts";

/** Receipts read per page: GET /receipts answers at most 100. */
const PAGE = 100;

/** Every receipt of the demo's user, as a client reads them: GET /receipts, page by page. */
const listReceipts = async (client: ApiClient, progress: Progress): Promise<ReceiptView[]> => {
  const receipts: ReceiptView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const response = await apiGet(client, `/receipts?limit=${PAGE}${query}`);
    if (!response.ok) {
      progress(`GET /receipts answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return receipts;
    }
    const page = ReceiptListResponseSchema.parse(await response.json());
    receipts.push(...page.receipts);
    cursor = page.nextCursor;
  } while (cursor);
  return receipts;
};

/**
 * What the workflow made of a receipt, in one short line: the stored fields, or for an INVALID
 * receipt what was read and what is missing; with the number of findings for a person.
 */
export const describeReading = (receipt: ReceiptView): string => {
  const findings = receipt.findings?.length ? ` (${receipt.findings.length} finding(s))` : "";
  if (receipt.status === "STORED" && receipt.totalMinor !== undefined && receipt.currency) {
    return `${receipt.merchant} · ${receipt.date} · ${formatMajorUnits(receipt.totalMinor, receipt.currency)} ${receipt.currency}${findings}`;
  }
  const read = receipt.reading;
  if (receipt.status === "INVALID" && read) {
    const fields = [read.merchant?.value, read.date?.value, read.total?.value, read.currency?.value];
    return `read ${fields.map((value) => value ?? "?").join(" · ")}: ${receipt.problems?.join("; ")}${findings}`;
  }
  return receipt.failureError ? `failed: ${receipt.failureError}` : "";
};

/** Adds what was read to each receipt row that has an outcome, from the API the user would use. */
export const addReadings = async (client: ApiClient, receipts: DemoResult[], progress: Progress) => {
  const byPhoto = new Map(
    (await listReceipts(client, progress)).map((receipt) => [receipt.photoId, receipt]),
  );
  for (const result of receipts) {
    const receipt = result.photoId ? byPhoto.get(result.photoId) : undefined;
    if (receipt) result.read = describeReading(receipt);
  }
};
