import type { Stack } from "../stack.ts";
import type { ApiClient } from "./api-client.ts";
import type { DemoFile } from "./demo-files.ts";
import { followArchives } from "./follow-archives.ts";
import { followPhotos } from "./follow-photos.ts";
import { followReceipts } from "./follow-receipts.ts";
import { countNotifications } from "./notifications.ts";
import { summarizeDemo } from "./report.ts";
import { thumbnailKeys } from "./thumbnails.ts";
import type { DemoResult, DemoSummary, Following } from "./types.ts";
import { uploadFiles } from "./upload.ts";

export interface DemoOptions {
  stack: Stack;
  files: DemoFile[];
  /** How long an accepted file may take to reach PROCESSED or FAILED before it counts as lost. */
  timeoutSeconds?: number;
  onProgress?: (line: string) => void;
  subject?: string;
}

/** The demo's rows as they stand after following: one per file, then the entries of the zips. */
interface FollowedFiles {
  results: DemoResult[];
  /** Files S3 accepted (a zip counts once, its entries not). */
  uploaded: number;
  /** The rows of each zip's entries, by the zip's index: shown right after the zip. */
  entryRows: Map<number, DemoResult[]>;
  /** The notifications the rows' final states should have published (photo.* and receipt.* events). */
  expectedNotifications: number;
}

/**
 * Uploads the files, then follows them: the zips until fanned out, every image until PROCESSED
 * or FAILED, the receipts through the workflow into PostgreSQL; then reads the thumbnails.
 */
const uploadAndFollow = async (
  options: DemoOptions,
  client: ApiClient,
  started: number,
): Promise<FollowedFiles> => {
  const { stack, files } = options;
  const progress = options.onProgress ?? (() => {});
  const timeoutMs = (options.timeoutSeconds ?? 180) * 1000;
  const results: DemoResult[] = files.map((file) => ({
    name: file.name,
    kind: file.kind,
    status: "LOST",
    thumbnails: [],
  }));
  const { uploaded, accepted, archives, batchIds } = await uploadFiles(client, files, results, progress);
  const deadline = Date.now() + timeoutMs;
  const following: Following = { client, results, accepted, started, deadline, timeoutMs, progress };
  const entryRows = await followArchives(following, files, archives);
  progress(
    `${uploaded} file(s) uploaded to S3, ${accepted.length} image(s) to follow; waiting for PROCESSED or FAILED (timeout ${timeoutMs / 1000} s)`,
  );
  await followPhotos(following);
  // A zip's own row is no receipt: its entries are.
  const receipts = results.filter(
    (result) => result.kind === "receipt" && result.status === "PROCESSED" && result.photoId,
  );
  if (receipts.length > 0) await followReceipts({ stack, client, receipts, batchIds, deadline, progress });
  const keys = await thumbnailKeys(stack);
  for (const result of results) if (result.photoId) result.thumbnails = keys.get(result.photoId) ?? [];
  const finals = results.filter((result) => result.photoId && result.status !== "LOST").length;
  const expectedNotifications = finals + receipts.filter((result) => result.receipt).length;
  return { results, uploaded, entryRows, expectedNotifications };
};

/**
 * The demo as a client would run it: POST /uploads for every file, a multipart POST of each to
 * its presigned URL, then GET /photos/{id} until PROCESSED or FAILED. A file the API refuses is
 * FAILED with the API's reason; an accepted file with no final state in time is LOST.
 *
 * @example
 * const { results, summary } = await runDemo({ stack, files: listDemoFiles([folder]).files });
 * console.log(resultsTable(results));
 */
export const runDemo = async (
  options: DemoOptions,
): Promise<{ results: DemoResult[]; summary: DemoSummary }> => {
  const started = Date.now();
  const { stack, files } = options;
  const token = await stack.token(options.subject ?? `demo-${Date.now()}`);
  const client: ApiClient = { api: stack.apiUrl, authorization: `Bearer ${token}` };
  const notifications = await countNotifications(stack);
  let followed: FollowedFiles;
  try {
    followed = await uploadAndFollow(options, client, started);
    await notifications.settle(followed.expectedNotifications);
  } finally {
    await notifications.stop();
  }
  const { results, uploaded, entryRows } = followed;
  const summary = summarizeDemo(results, uploaded, notifications.seen, started);
  // Each zip's entries right after it.
  const ordered = files.flatMap((_, index) => [
    results[index] as DemoResult,
    ...(entryRows.get(index) ?? []),
  ]);
  return { results: ordered, summary };
};
