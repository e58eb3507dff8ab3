import { setTimeout as sleep } from "node:timers/promises";
import type { BatchView, PhotoListResponse, PhotoView } from "@shoebox/schemas";
import { type ApiClient, apiGet } from "./api-client.ts";
import { archiveRows } from "./archive-rows.ts";
import type { DemoFile } from "./demo-files.ts";
import type { DemoResult, Following, Progress, SentArchive } from "./types.ts";

/** The caller's photos of one batch, newest first (GET /photos, page by page). */
const photosOfBatch = async (client: ApiClient, batchId: string): Promise<PhotoView[]> => {
  const photos: PhotoView[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "100", ...(nextToken ? { nextToken } : {}) });
    const response = await apiGet(client, `/photos?${query}`);
    if (!response.ok)
      throw new Error(`GET /photos answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const page = (await response.json()) as PhotoListResponse;
    photos.push(...page.photos.filter((photo) => photo.batchId === batchId));
    nextToken = page.nextToken;
  } while (nextToken);
  return photos;
};

type ArchiveRows = ReturnType<typeof archiveRows>;

/**
 * Polls GET /batches/{id} of each zip until its archive is COMPLETED or FAILED (or the
 * deadline), then makes its rows (archiveRows), finding the accepted entries among the
 * caller's photos by their batch. A zip without a final outcome in time has no rows.
 */
const archiveOutcomes = async (
  client: ApiClient,
  archives: ReadonlyArray<SentArchive & { name: string }>,
  deadline: number,
  progress: Progress,
): Promise<Map<number, ArchiveRows>> => {
  const rows = new Map<number, ArchiveRows>();
  const waiting = new Set(archives);
  while (waiting.size > 0 && Date.now() < deadline) {
    for (const sent of [...waiting]) {
      const response = await apiGet(client, `/batches/${sent.batchId}`);
      if (!response.ok) {
        await response.arrayBuffer();
        continue;
      }
      const { archive } = (await response.json()) as BatchView;
      if (!archive || archive.status === "PROCESSING") continue;
      const photos = archive.status === "COMPLETED" ? await photosOfBatch(client, sent.batchId) : [];
      rows.set(sent.index, archiveRows(sent.name, archive, photos));
      waiting.delete(sent);
      progress(
        archive.status === "COMPLETED"
          ? `${sent.name}: fanned out, ${archive.accepted} image(s) accepted, ${archive.refusedCount} refused, ${archive.skipped} skipped`
          : `${sent.name}: refused whole: ${archive.failureReason ?? "no reason given"}`,
      );
    }
    if (waiting.size > 0) await sleep(1000);
  }
  return rows;
};

/**
 * Each zip until its archive outcome is final: the zip's row gets it, its entries' rows are
 * appended to `results` and the accepted entries join the photos to follow. Returns the
 * entries' rows by the zip's index, to show them right after the zip.
 */
export const followArchives = async (
  following: Following,
  files: DemoFile[],
  archives: SentArchive[],
): Promise<Map<number, DemoResult[]>> => {
  const { results, accepted, progress } = following;
  const entryRows = new Map<number, DemoResult[]>();
  if (archives.length === 0) return entryRows;
  progress(`${archives.length} zip(s) uploaded; waiting for them to be fanned out`);
  const named = archives.map((sent) => ({ ...sent, name: (files[sent.index] as DemoFile).name }));
  const followed = await archiveOutcomes(following.client, named, following.deadline, progress);
  for (const sent of archives) {
    const zip = results[sent.index] as DemoResult;
    const rows = followed.get(sent.index);
    if (!rows) {
      zip.reason = `no archive outcome within ${following.timeoutMs / 1000} s (still PROCESSING)`;
      continue;
    }
    Object.assign(zip, rows.zip, { seconds: (Date.now() - sent.started) / 1000 });
    entryRows.set(sent.index, rows.entries);
    for (const entry of rows.entries) {
      results.push(entry);
      if (entry.photoId)
        accepted.push({ index: results.length - 1, photoId: entry.photoId, started: Date.now() });
    }
  }
  return entryRows;
};
