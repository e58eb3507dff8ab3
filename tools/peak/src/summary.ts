import { merchantKeyOf, toMinorUnits } from "@shoebox/schemas";
import type { DeliveredRow } from "./delivery-database.ts";
import { EXPECTED_OUTCOMES, type ExpectedOutcome, type ReceiptPlan } from "./receipt-plan.ts";

/** The counters of GET /batches/{id}. */
export interface BatchCounts {
  expected: number;
  processed: number;
  failed: number;
  stored: number;
  duplicate: number;
  invalid: number;
}

/** The one JSON line `make demo-peak` ends with; the keys in this order. */
export interface PeakSummary {
  receipts: number;
  stored: number;
  duplicates: number;
  invalid: number;
  failed: number;
  lost: number;
  max_db_connections: number;
  cap: number;
  seconds: number;
}

export interface SummaryInput {
  /** Receipts in the plan (N). */
  receipts: number;
  batch: BatchCounts;
  /** Receipts that never reached S3 (refused by the API or the presigned POST): counted as failed. */
  notUploaded: number;
  /** Rows in PostgreSQL for the batch's receipts. */
  rowsInDatabase: number;
  maxDbConnections: number;
  cap: number;
  seconds: number;
}

export interface PeakVerdict {
  summary: PeakSummary;
  /** Receipts with no final outcome (N minus the four outcomes). */
  withoutOutcome: number;
  /** Receipts the workflow stored that are not in PostgreSQL (counted in lost too). */
  storedNotDelivered: number;
  /** Rows in PostgreSQL beyond the batch's `stored` counter: increments the counter missed. */
  counterShortfall: number;
  /** Why the run failed its goals: lost receipts, more sessions than the cap. Empty when it passed. */
  problems: string[];
  /** What is wrong without losing a receipt (a counter that missed an increment). */
  notes: string[];
}

/**
 * The stored receipts of a batch: its `stored` counter, or the rows of its receipts in
 * PostgreSQL when there are more of those (a row exists only for a receipt the workflow stored,
 * so a counter below the rows missed an increment; the receipt was not lost).
 */
export const storedOf = (batch: BatchCounts, rowsInDatabase: number): number =>
  Math.max(batch.stored, rowsInDatabase);

/**
 * The summary of a peak run. `lost` is every receipt without a final outcome plus every stored
 * receipt that did not reach PostgreSQL; `failed` includes the uploads that never reached S3.
 *
 * @example
 * const { summary, problems } = summarisePeak(input);
 * console.log(summaryLine(summary)); // {"receipts":200,"stored":170,...}
 */
export const summarisePeak = (input: SummaryInput): PeakVerdict => {
  const { batch } = input;
  const stored = storedOf(batch, input.rowsInDatabase);
  const failed = batch.failed + input.notUploaded;
  const outcomes = stored + batch.duplicate + batch.invalid + failed;
  const withoutOutcome = Math.max(0, input.receipts - outcomes);
  const storedNotDelivered = Math.max(0, batch.stored - input.rowsInDatabase);
  const counterShortfall = Math.max(0, input.rowsInDatabase - batch.stored);
  const summary: PeakSummary = {
    receipts: input.receipts,
    stored,
    duplicates: batch.duplicate,
    invalid: batch.invalid,
    failed,
    lost: withoutOutcome + storedNotDelivered,
    max_db_connections: input.maxDbConnections,
    cap: input.cap,
    seconds: Math.round(input.seconds * 10) / 10,
  };
  const problems: string[] = [];
  if (withoutOutcome > 0) problems.push(`${withoutOutcome} receipt(s) have no final outcome`);
  if (storedNotDelivered > 0)
    problems.push(`${storedNotDelivered} stored receipt(s) are not in PostgreSQL (counted as lost)`);
  if (input.maxDbConnections > input.cap)
    problems.push(`${input.maxDbConnections} delivery sessions at once, above the cap of ${input.cap}`);
  const notes: string[] = [];
  if (counterShortfall > 0)
    notes.push(
      `the batch's stored counter says ${batch.stored} but ${input.rowsInDatabase} of its receipts are rows in ` +
        `PostgreSQL: the counter missed ${counterShortfall} increment(s) (stored counts the rows)`,
    );
  return { summary, withoutOutcome, storedNotDelivered, counterShortfall, problems, notes };
};

/** The summary as one JSON line, keys in the documented order. */
export const summaryLine = (summary: PeakSummary): string =>
  JSON.stringify({
    receipts: summary.receipts,
    stored: summary.stored,
    duplicates: summary.duplicates,
    invalid: summary.invalid,
    failed: summary.failed,
    lost: summary.lost,
    max_db_connections: summary.max_db_connections,
    cap: summary.cap,
    seconds: summary.seconds,
  });

/**
 * Where the outcomes differ from the plan: one sentence per outcome whose count is off, and
 * whether the rows in PostgreSQL are exactly the receipts the plan expects to be stored
 * (compared by merchant, date, total and currency, since which of two duplicates wins a race is
 * not fixed). Empty when everything matches.
 */
export const compareWithPlan = (
  plan: ReceiptPlan,
  outcomes: Record<ExpectedOutcome, number>,
  delivered?: readonly DeliveredRow[],
): string[] => {
  const mismatches: string[] = [];
  for (const outcome of EXPECTED_OUTCOMES) {
    if (outcomes[outcome] !== plan.expected[outcome])
      mismatches.push(`${outcome}: ${outcomes[outcome]}, the plan expects ${plan.expected[outcome]}`);
  }
  if (!delivered) return mismatches;
  const expectedKeys = new Map<string, number>();
  for (const receipt of plan.receipts) {
    if (receipt.expected !== "stored") continue;
    const { merchant, date, total, currency } = receipt.hints;
    const key = `${merchantKeyOf(merchant)}#${date}#${toMinorUnits(total, currency)}#${currency}`;
    expectedKeys.set(key, (expectedKeys.get(key) ?? 0) + 1);
  }
  let unexpected = 0;
  for (const row of delivered) {
    const key = `${merchantKeyOf(row.merchant)}#${row.date}#${row.totalMinor}#${row.currency}`;
    const left = expectedKeys.get(key) ?? 0;
    if (left > 0) expectedKeys.set(key, left - 1);
    else unexpected++;
  }
  const missing = [...expectedKeys.values()].reduce((sum, left) => sum + left, 0);
  if (unexpected > 0) mismatches.push(`${unexpected} row(s) in PostgreSQL match no receipt the plan stores`);
  if (missing > 0)
    mismatches.push(`${missing} receipt(s) the plan stores have no matching row in PostgreSQL`);
  return mismatches;
};

/** The batch's counters as plan outcomes (receipts that never reached S3 are failed; stored as in storedOf). */
export const outcomesOf = (
  batch: BatchCounts,
  notUploaded = 0,
  rowsInDatabase = 0,
): Record<ExpectedOutcome, number> => ({
  stored: storedOf(batch, rowsInDatabase),
  duplicate: batch.duplicate,
  invalid: batch.invalid,
  failed: batch.failed + notUploaded,
});

/**
 * Which stage the missing receipts stopped at, read from the counters: upload, image
 * (thumbnail), receipt workflow, or delivery to PostgreSQL. Empty when nothing is missing.
 *
 * @example
 * explainShortfall({ receipts: 200, uploaded: 200, batch, rowsInDatabase: 0 });
 * // ["170 stored receipt(s) are not in PostgreSQL: receipt-delivery did not write them ..."]
 */
export const explainShortfall = (input: {
  receipts: number;
  uploaded: number;
  batch: BatchCounts;
  rowsInDatabase: number;
}): string[] => {
  const { batch } = input;
  const reasons: string[] = [];
  if (input.uploaded < input.receipts)
    reasons.push(`${input.receipts - input.uploaded} receipt(s) never reached S3 (see the upload messages)`);
  const imageStage = batch.processed + batch.failed;
  if (imageStage < input.uploaded)
    reasons.push(
      `${input.uploaded - imageStage} upload(s) were not processed by the image stage (thumbnail, from the uploads queue)`,
    );
  const workflowOutcomes = batch.stored + batch.duplicate + batch.invalid;
  // A processed receipt ends stored, duplicate, invalid or (by the workflow) failed; `failed` also
  // holds the image failures, at most the uploads not processed: exact once the image stage is done.
  const owed =
    batch.processed - workflowOutcomes - Math.max(0, batch.failed - (input.uploaded - batch.processed));
  if (owed > 0)
    reasons.push(
      `${owed} processed receipt(s) have no receipt-workflow outcome: receipt-starter -> state machine ` +
        "(runtime_config.state_machines run locally, AWS_ENDPOINT_URL_SFN) -> batch counters",
    );
  if (batch.stored > input.rowsInDatabase)
    reasons.push(
      `${batch.stored - input.rowsInDatabase} stored receipt(s) are not in PostgreSQL: receipt-delivery ` +
        "(delivery queue -> DATABASE_URL) did not write them",
    );
  return reasons;
};
