import { type ArchiveView, type ReceiptOutcome, ReceiptOutcomeSchema } from "@shoebox/schemas";
import type { ApiClient } from "./api-client.ts";

export type FinalStatus = "PROCESSED" | "FAILED" | "LOST";

/** Every workflow outcome a receipt can have, in the schema's order (the order the demo prints them). */
export const RECEIPT_OUTCOMES = ReceiptOutcomeSchema.options;

export interface DemoResult {
  /** The file's name; an entry of a zip is `<zip>/<entry>`. */
  name: string;
  kind: "photo" | "receipt";
  /** A zip: PROCESSED once fanned out, FAILED when refused whole; its entries have rows of their own. */
  status: FinalStatus;
  /** A receipt's workflow outcome (a PROCESSED receipt only). */
  receipt?: ReceiptOutcome;
  /** The receipt waits in the workflow for its owner's review (no outcome until they decide). */
  awaitingReview?: boolean;
  /** A stored receipt's row is in the delivery database. */
  delivered?: boolean;
  /** What the workflow read from a receipt (GET /receipts), in one line. */
  read?: string;
  reason?: string;
  photoId?: string;
  thumbnails: string[];
  /** Upload request to final state. */
  seconds?: number;
  /** A zip: what became of its entries. */
  archive?: Pick<ArchiveView, "entries" | "accepted" | "skipped" | "refusedCount">;
}

export interface DemoSummary {
  uploaded: number;
  processed: number;
  failed: number;
  lost: number;
  thumbnails: number;
  notifications: number;
  /** Workflow outcomes of the PROCESSED receipts. */
  receipts: Record<ReceiptOutcome, number>;
  /** Receipts waiting for their owner's review: no outcome yet (POST /reviews/{id} decides). */
  awaitingReview: number;
  /** Rows of the demo's receipts in the delivery database (PostgreSQL). */
  delivered: number;
  seconds: number;
}

/** An image the API accepted and S3 took: its row in the results, its photo, when it was sent. */
export interface AcceptedPhoto {
  index: number;
  photoId: string;
  started: number;
}

/** A zip the demo uploaded: its row, its batch, when it was sent. */
export interface SentArchive {
  index: number;
  batchId: string;
  started: number;
}

/** Where the demo prints what it is doing. */
export type Progress = (line: string) => void;

/**
 * What following the uploads takes: the API as the client, every row, the images to follow
 * (a zip's accepted entries join them), when the demo started, the deadline for a final state.
 */
export interface Following {
  client: ApiClient;
  results: DemoResult[];
  accepted: AcceptedPhoto[];
  started: number;
  deadline: number;
  timeoutMs: number;
  progress: Progress;
}
