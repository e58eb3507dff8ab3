import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, retryLater, TransientError } from "@shoebox/runtime";
import {
  type ArchiveKey,
  ArchiveOutcomeSchema,
  type ArchiveRefusal,
  MAX_LISTED_REFUSALS,
} from "@shoebox/schemas";
import * as z from "zod";

/*
 * The archive's outcome in the `batches` table (key ownerId + batchId), attribute `archive`.
 * Its `nextEntry` is a cursor: each write moves it from where this delivery found it to where
 * it got, under a condition that it is still there. So the counters, and `expected`, grow
 * exactly once per entry however often the event is delivered, and two deliveries at once
 * cannot both count: the second one's write fails and its record is retried.
 */

/**
 * The outcome as this function keeps it: with the bytes of work spent on the archive so far
 * (fetched, inflated, written: work-budget.ts), which only this function reads. Outcomes
 * recorded before it was counted start at 0.
 */
const FanoutOutcomeSchema = ArchiveOutcomeSchema.extend({
  workBytes: z.number().int().nonnegative().default(0),
});
export type FanoutOutcome = z.infer<typeof FanoutOutcomeSchema>;

export interface BatchProgressStore {
  dynamo: DynamoDBDocumentClient;
  table: string;
}

/** What a run of entries [from, to) did, to be added to the outcome in one write. */
export interface EntryTally {
  from: number;
  to: number;
  accepted: number;
  skipped: number;
  /** All refusals of the run; the write lists as many as MAX_LISTED_REFUSALS still allows. */
  refusals: ArchiveRefusal[];
  /** Refusals counted but not listed (entries beyond MAX_ENTRIES). */
  unlistedRefusals: number;
  inflatedBytes: number;
  /** Bytes fetched, inflated and written since the last write. */
  workBytes: number;
}

const names = (...attributes: string[]) =>
  Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));

const keyOf = ({ ownerId, batchId }: ArchiveKey) => ({ ownerId, batchId });

/** The archive's outcome so far, strongly consistent: a retry sees the last write of the attempt before it. */
export const readArchiveOutcome = async (
  store: BatchProgressStore,
  archive: ArchiveKey,
): Promise<FanoutOutcome | undefined> => {
  const { Item } = await store.dynamo
    .send(
      new GetCommand({
        TableName: store.table,
        Key: keyOf(archive),
        ConsistentRead: true,
        ProjectionExpression: "#archive",
        ExpressionAttributeNames: names("archive"),
      }),
    )
    .catch(retryLater(`reading batch ${archive.ownerId}/${archive.batchId}`));
  return Item?.archive ? FanoutOutcomeSchema.parse(Item.archive) : undefined;
};

const newOutcome = (
  archive: ArchiveKey,
  details: { etag: string; entries: number },
  now: string,
): FanoutOutcome => ({
  key: archive.key,
  etag: details.etag,
  status: "PROCESSING",
  entries: details.entries,
  nextEntry: 0,
  accepted: 0,
  skipped: 0,
  refused: [],
  refusedCount: 0,
  inflatedBytes: 0,
  workBytes: 0,
  startedAt: now,
  updatedAt: now,
});

/**
 * Creates the outcome (and the batch item, if the upload API did not) unless one exists.
 * `expected` is created at 0 so that readers never miss it.
 */
const createOutcome = async (store: BatchProgressStore, archive: ArchiveKey, outcome: FanoutOutcome) => {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(archive),
        UpdateExpression:
          "SET #archive = :archive, #createdAt = if_not_exists(#createdAt, :now) ADD #expected :zero",
        ConditionExpression: "attribute_not_exists(#archive)",
        ExpressionAttributeNames: names("archive", "createdAt", "expected"),
        ExpressionAttributeValues: { ":archive": outcome, ":now": outcome.startedAt, ":zero": 0 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    return retryLater(`starting the archive of batch ${archive.ownerId}/${archive.batchId}`)(error);
  }
};

/** Records that processing starts; a concurrent delivery that started first makes this one retry later. */
export const startArchiveOutcome = async (
  store: BatchProgressStore,
  archive: ArchiveKey,
  details: { etag: string; entries: number },
  now: string,
): Promise<FanoutOutcome> => {
  const outcome = newOutcome(archive, details, now);
  if (!(await createOutcome(store, archive, outcome))) {
    throw new TransientError(
      `another delivery started the archive of batch ${archive.ownerId}/${archive.batchId}`,
    );
  }
  return outcome;
};

/**
 * Adds a run of entries to the outcome and moves the cursor from `tally.from` to `tally.to`;
 * `complete` also makes it COMPLETED. Returns the outcome as it now stands.
 */
export const recordEntries = async (
  store: BatchProgressStore,
  archive: ArchiveKey,
  outcome: FanoutOutcome,
  tally: EntryTally,
  options: { complete: boolean; now: string },
): Promise<FanoutOutcome> => {
  const listed = tally.refusals.slice(0, Math.max(0, MAX_LISTED_REFUSALS - outcome.refused.length));
  const refusedCount = tally.refusals.length + tally.unlistedRefusals;
  const assignments = [
    "#archive.#nextEntry = :to",
    "#archive.#accepted = #archive.#accepted + :accepted",
    "#archive.#skipped = #archive.#skipped + :skipped",
    "#archive.#refusedCount = #archive.#refusedCount + :refusedCount",
    "#archive.#inflatedBytes = #archive.#inflatedBytes + :inflatedBytes",
    "#archive.#workBytes = if_not_exists(#archive.#workBytes, :zero) + :workBytes",
    "#archive.#updatedAt = :now",
    ...(listed.length > 0 ? ["#archive.#refused = list_append(#archive.#refused, :listed)"] : []),
    ...(options.complete ? ["#archive.#status = :completed", "#archive.#completedAt = :now"] : []),
  ];
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(archive),
        UpdateExpression: `SET ${assignments.join(", ")} ADD #expected :accepted`,
        ConditionExpression: "#archive.#nextEntry = :from AND #archive.#status = :processing",
        ExpressionAttributeNames: names(
          "archive",
          "expected",
          "nextEntry",
          "accepted",
          "skipped",
          "refusedCount",
          "inflatedBytes",
          "workBytes",
          "updatedAt",
          "status",
          ...(listed.length > 0 ? ["refused"] : []),
          ...(options.complete ? ["completedAt"] : []),
        ),
        ExpressionAttributeValues: {
          ":from": tally.from,
          ":to": tally.to,
          ":accepted": tally.accepted,
          ":skipped": tally.skipped,
          ":refusedCount": refusedCount,
          ":inflatedBytes": tally.inflatedBytes,
          ":workBytes": tally.workBytes,
          ":zero": 0,
          ":now": options.now,
          ":processing": "PROCESSING",
          ...(listed.length > 0 ? { ":listed": listed } : {}),
          ...(options.complete ? { ":completed": "COMPLETED" } : {}),
        },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      throw new TransientError(
        `another delivery moved the archive of batch ${archive.ownerId}/${archive.batchId} past entry ${tally.from}`,
        { cause: error },
      );
    }
    return retryLater(
      `recording entries ${tally.from}-${tally.to - 1} of batch ${archive.ownerId}/${archive.batchId}`,
    )(error);
  }
  return {
    ...outcome,
    nextEntry: tally.to,
    accepted: outcome.accepted + tally.accepted,
    skipped: outcome.skipped + tally.skipped,
    refusedCount: outcome.refusedCount + refusedCount,
    inflatedBytes: outcome.inflatedBytes + tally.inflatedBytes,
    workBytes: outcome.workBytes + tally.workBytes,
    refused: [...outcome.refused, ...listed],
    updatedAt: options.now,
    ...(options.complete ? { status: "COMPLETED" as const, completedAt: options.now } : {}),
  };
};

/**
 * Records that the archive cannot be read (FAILED, final). Entries fanned out before the damage
 * was found stay counted. A failure someone else recorded first is left as it is.
 */
export const recordArchiveFailure = async (
  store: BatchProgressStore,
  archive: ArchiveKey,
  outcome: FanoutOutcome | undefined,
  failure: { etag: string; reason: string; now: string },
): Promise<void> => {
  if (!outcome) {
    const failed: FanoutOutcome = {
      ...newOutcome(archive, { etag: failure.etag, entries: 0 }, failure.now),
      status: "FAILED",
      failureReason: failure.reason,
    };
    await createOutcome(store, archive, failed);
    return;
  }
  await store.dynamo
    .send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(archive),
        UpdateExpression:
          "SET #archive.#status = :failed, #archive.#failureReason = :reason, #archive.#updatedAt = :now",
        ConditionExpression: "#archive.#status = :processing",
        ExpressionAttributeNames: names("archive", "status", "failureReason", "updatedAt"),
        ExpressionAttributeValues: {
          ":failed": "FAILED",
          ":reason": failure.reason,
          ":now": failure.now,
          ":processing": "PROCESSING",
        },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionalCheckFailed(error)) {
        retryLater(`recording the failure of batch ${archive.ownerId}/${archive.batchId}`)(error);
      }
    });
};
