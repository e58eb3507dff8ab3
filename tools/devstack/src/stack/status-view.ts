import type { LocalStatus } from "./status.ts";

/*
 * The local status for people: a page of aligned tables (GET /_local/status.txt) and one line for
 * the `make dev` output. The line leaves out what moves by itself (message ages, the time), so
 * an unchanged line means nothing happened.
 */

const table = (header: string[], rows: Array<Array<string | number>>): string[] => {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  return cells.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
};

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/** Every count of the status as aligned plain-text tables. */
export const statusText = (status: LocalStatus): string => {
  const { photos, batches, reviews, deliveries } = status;
  return [
    `shoebox local status at ${status.at} (this machine's stack only: on AWS the CloudWatch dashboard shows these counts)`,
    "",
    `photos      ${Object.entries(photos)
      .map(([state, count]) => `${state} ${count}`)
      .join("  ")}`,
    `batches     ${batches.open} open of ${batches.total}`,
    `reviews     ${reviews.waiting} waiting for their owner`,
    `deliveries  ${deliveries.rows} receipt rows in PostgreSQL`,
    "",
    ...table(
      ["queue", "waiting", "in flight", "delayed", "oldest (s)", "DLQ"],
      Object.entries(status.queues).map(([key, queue]) => [
        key,
        queue.waiting,
        queue.inFlight,
        queue.delayed,
        queue.oldestAgeSeconds ?? "?",
        queue.deadLetters,
      ]),
    ),
    "",
    ...table(
      ["workflow", "running", "succeeded", "failed", "timed out"],
      Object.entries(status.workflows).map(([key, counts]) => [
        key,
        counts.running,
        counts.succeeded,
        counts.failed,
        counts.timedOut,
      ]),
    ),
    "",
    ...table(
      ["function", "invocations", "errors", "throttles", "running"],
      Object.entries(status.functions).map(([key, counts]) => [
        key,
        counts.invocations,
        counts.errors,
        counts.throttles,
        counts.running,
      ]),
    ),
    "",
  ].join("\n");
};

/**
 * The status in one line: photos, open batches, messages queued and dead-lettered (naming the
 * queues that hold any), workflows, reviews, deliveries and function invocations.
 *
 * @example
 * statusLine(status);
 * // "photos 0 pending, 3 processed, 1 failed · 0 batches open · queued 0 · DLQ 0 · workflows 0 running, 1 succeeded, 0 failed · reviews 0 waiting · delivered 1 · invocations 12, 1 error, 0 throttles"
 */
export const statusLine = (status: LocalStatus): string => {
  const queues = Object.entries(status.queues);
  const holding = (count: (queue: LocalStatus["queues"][string]) => number) => {
    const busy = queues.filter(([, queue]) => count(queue) > 0);
    const total = sum(busy.map(([, queue]) => count(queue)));
    return busy.length > 0
      ? `${total} (${busy.map(([key, queue]) => `${key} ${count(queue)}`).join(", ")})`
      : "0";
  };
  const workflows = Object.values(status.workflows);
  const functions = Object.values(status.functions);
  const errors = sum(functions.map((counts) => counts.errors));
  return [
    `photos ${status.photos.PENDING} pending, ${status.photos.PROCESSED} processed, ${status.photos.FAILED} failed`,
    `${status.batches.open} batches open`,
    `queued ${holding((queue) => queue.waiting + queue.inFlight + queue.delayed)}`,
    `DLQ ${holding((queue) => queue.deadLetters)}`,
    `workflows ${sum(workflows.map((counts) => counts.running))} running, ${sum(workflows.map((counts) => counts.succeeded))} succeeded, ${sum(workflows.map((counts) => counts.failed + counts.timedOut))} failed`,
    `reviews ${status.reviews.waiting} waiting`,
    `delivered ${status.deliveries.rows}`,
    `invocations ${sum(functions.map((counts) => counts.invocations))}, ${errors} error${errors === 1 ? "" : "s"}, ${sum(functions.map((counts) => counts.throttles))} throttles`,
  ].join(" · ");
};
