import { setTimeout as sleep } from "node:timers/promises";
import type { PhotoView } from "@shoebox/schemas";
import pMap from "p-map";
import { type ApiClient, apiGet } from "./api-client.ts";
import type { AcceptedPhoto, DemoResult, Following } from "./types.ts";

/** One GET /photos/{id}: true once the photo is PROCESSED or FAILED, which its row then says. */
const reachedFinalState = async (client: ApiClient, item: AcceptedPhoto, results: DemoResult[]) => {
  const response = await apiGet(client, `/photos/${item.photoId}`);
  if (!response.ok) {
    await response.arrayBuffer();
    return false;
  }
  const photo = (await response.json()) as Partial<PhotoView>;
  if (photo.status !== "PROCESSED" && photo.status !== "FAILED") return false;
  const result = results[item.index] as DemoResult;
  result.status = photo.status;
  result.seconds = (Date.now() - item.started) / 1000;
  if (photo.status === "FAILED")
    result.reason = [photo.failureCode, photo.failureReason].filter(Boolean).join(": ") || "failed";
  return true;
};

/**
 * Polls GET /photos/{id} of each accepted image, four at a time, until it is PROCESSED or
 * FAILED; one still PENDING at the deadline stays LOST with the reason. Prints the count when it
 * changes, and every 10 s regardless.
 */
export const followPhotos = async (following: Following): Promise<void> => {
  const { client, results, accepted } = following;
  const pending = new Set(accepted);
  let lastLine = "";
  let lastPrinted = 0;
  while (pending.size > 0 && Date.now() < following.deadline) {
    await pMap(
      [...pending],
      async (item) => {
        if (await reachedFinalState(client, item, results)) pending.delete(item);
      },
      { concurrency: 4 },
    );
    const done = accepted.length - pending.size;
    const processed = results.filter((result) => result.status === "PROCESSED").length;
    const failed = accepted.filter((item) => results[item.index]?.status === "FAILED").length;
    const line = `${done}/${accepted.length} final (${processed} processed, ${failed} failed), ${pending.size} pending`;
    if (line !== lastLine || Date.now() - lastPrinted > 10_000) {
      following.progress(`${line}, ${Math.round((Date.now() - following.started) / 1000)} s`);
      lastLine = line;
      lastPrinted = Date.now();
    }
    if (pending.size > 0) await sleep(1000);
  }
  for (const item of pending) {
    (results[item.index] as DemoResult).reason =
      `no final state within ${following.timeoutMs / 1000} s (still PENDING)`;
  }
};
