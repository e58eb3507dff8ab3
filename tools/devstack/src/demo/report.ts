import { basename } from "node:path";
import type { ReceiptOutcome } from "@shoebox/schemas";
import { type DemoResult, type DemoSummary, RECEIPT_OUTCOMES } from "./types.ts";

/**
 * The summary (the JSON line `make demo` ends with) of the final rows: `uploaded` files S3 took,
 * the notifications about the demo's own photos (or about none in particular), and the time since
 * `started`.
 */
export const summarizeDemo = (
  results: DemoResult[],
  uploaded: number,
  notifications: ReadonlyArray<{ photoId?: string }>,
  started: number,
): DemoSummary => {
  const demoPhotoIds = new Set(results.map((result) => result.photoId).filter(Boolean));
  return {
    uploaded,
    processed: results.filter((result) => result.status === "PROCESSED").length,
    failed: results.filter((result) => result.status === "FAILED").length,
    lost: results.filter((result) => result.status === "LOST").length,
    thumbnails: results.reduce((sum, result) => sum + result.thumbnails.length, 0),
    notifications: notifications.filter((message) => !message.photoId || demoPhotoIds.has(message.photoId))
      .length,
    receipts: Object.fromEntries(
      RECEIPT_OUTCOMES.map((outcome) => [
        outcome,
        results.filter((result) => result.receipt === outcome).length,
      ]),
    ) as Record<ReceiptOutcome, number>,
    awaitingReview: results.filter((result) => result.awaitingReview).length,
    delivered: results.filter((result) => result.delivered).length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
};

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** A receipt's cell: its outcome, whether it was delivered, and what was read. */
const receiptCell = (result: DemoResult): string => {
  if (result.kind === "photo") return "";
  if (result.awaitingReview) return "waiting for review (POST /reviews/{id})";
  if (!result.receipt) return "-";
  const delivery = result.receipt === "stored" ? (result.delivered ? ", delivered" : ", NOT delivered") : "";
  return oneLine(`${result.receipt}${delivery}${result.read ? `: ${result.read}` : ""}`, 90);
};

/** A row's cells: file, status, time, receipt, thumbnails / reason. */
const tableRow = (result: DemoResult): string[] => [
  result.name,
  result.status,
  result.seconds === undefined ? "" : `${result.seconds.toFixed(1)} s`,
  receiptCell(result),
  result.archive
    ? oneLine(
        `${result.archive.entries} entries: ${result.archive.accepted} accepted, ${result.archive.refusedCount} refused, ${result.archive.skipped} skipped${result.reason ? `; ${result.reason}` : ""}`,
        120,
      )
    : result.status === "PROCESSED"
      ? `${result.thumbnails.length} thumbnail(s): ${result.thumbnails.map((key) => basename(key)).join(", ")}`
      : oneLine(result.reason ?? "", 120),
];

/** The results as a fixed-width table. */
export const resultsTable = (results: DemoResult[]): string => {
  const rows = results.map(tableRow);
  const header = ["file", "status", "time", "receipt", "thumbnails / reason"];
  const widths = header.map((title, column) =>
    Math.min(
      column === 3 ? 90 : 40,
      Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
    ),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ");
  return [format(header), format(widths.map((width) => "-".repeat(width))), ...rows.map(format)].join("\n");
};
