import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { logger, setCorrelationId } from "@shoebox/runtime";
import type { ArchiveKey, ArchiveRefusal, ArchiveRefusalCode } from "@shoebox/schemas";
import type { Entry, ZipFile } from "yauzl";
import { type EntryPlace, vetEntry } from "./archive-entries.ts";
import { type ArchiveLayout, surveyLayout } from "./archive-layout.ts";
import {
  type BatchProgressStore,
  type EntryTally,
  type FanoutOutcome,
  readArchiveOutcome,
  recordArchiveFailure,
  recordEntries,
  startArchiveOutcome,
} from "./batch-progress.ts";
import type { FanoutConfig } from "./config.ts";
import { EntryBuffer } from "./entry-bytes.ts";
import { displayName } from "./entry-names.ts";
import { storeEntryUpload } from "./entry-uploads.ts";
import { ArchiveUnreadableError } from "./errors.ts";
import { archiveEntryPhotoId } from "./photo-ids.ts";
import { S3RangeReader } from "./s3-range-reader.ts";
import { InvocationShare, WorkMeter } from "./work-budget.ts";
import { asArchiveFailure, entryHeader, headArchive, withOpenArchive } from "./zip-archive.ts";

/** The clock, passed in so tests can pin it. */
export type Clock = () => string;
const systemClock: Clock = () => new Date().toISOString();

export interface FanoutDependencies {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  clock?: Clock;
}

/*
 * Progress is written after every accepted entry, and otherwise after this many refused or
 * skipped entries or this much work, whichever comes first: a crash repeats at most that much
 * (its deterministic photo ids make a repeated accepted entry harmless), plus one entry, whose
 * cost its header bounds (entry-vetting.ts).
 */
const ENTRIES_PER_WRITE = 50;
const WORK_BYTES_PER_WRITE = 64 * 1024 * 1024;

type EntryResult =
  | { kind: "accepted"; inflatedBytes: number; writtenBytes: number }
  | { kind: "skipped" }
  | { kind: "refused"; refusal: ArchiveRefusal; inflatedBytes: number };

interface Run {
  archive: ArchiveKey;
  config: FanoutConfig;
  dependencies: FanoutDependencies;
  clock: Clock;
  /** Entries are read and stored one at a time, so they can share one buffer. */
  buffer: EntryBuffer;
  layout: ArchiveLayout;
  meter: WorkMeter;
  share: InvocationShare;
  /** The archive's upload's, for every entry. */
  correlationId: string | undefined;
}

const fanOutEntry = async (
  run: Run,
  zipfile: ZipFile,
  entry: Entry,
  place: EntryPlace,
  budgetLeft: number,
): Promise<EntryResult> => {
  const vetted = await vetEntry(zipfile, entry, place, run.config.limits, budgetLeft, run.buffer);
  if (vetted.kind !== "image") return vetted;
  const { ownerId, batchId } = run.archive;
  const written = await storeEntryUpload(
    {
      s3: run.dependencies.s3,
      dynamo: run.dependencies.dynamo,
      bucket: run.config.uploadsBucket,
      photosTable: run.config.photosTable,
    },
    {
      ownerId,
      batchId,
      photoId: archiveEntryPhotoId(ownerId, batchId, place.index),
      originalName: vetted.originalName,
      contentType: vetted.contentType,
      bytes: vetted.bytes,
      correlationId: run.correlationId,
    },
    run.clock(),
  );
  const inflatedBytes = vetted.bytes.length;
  return { kind: "accepted", inflatedBytes, writtenBytes: written ? inflatedBytes : 0 };
};

const emptyTally = (from: number): EntryTally => ({
  from,
  to: from,
  accepted: 0,
  skipped: 0,
  refusals: [],
  unlistedRefusals: 0,
  inflatedBytes: 0,
  workBytes: 0,
});

/**
 * Fans out the entries from the outcome's cursor on, recording as it goes. Ends COMPLETED, or
 * still PROCESSING when this invocation's share is spent with entries left: the caller
 * continues it in a new invocation, from the recorded cursor.
 */
const fanOutEntries = async (
  run: Run,
  store: BatchProgressStore,
  zipfile: ZipFile,
  started: FanoutOutcome,
): Promise<FanoutOutcome> => {
  const { limits } = run.config;
  let outcome = started;
  let tally = emptyTally(outcome.nextEntry);
  const record = async (complete: boolean) => {
    tally.workBytes = run.meter.takeUnrecorded();
    outcome = await recordEntries(store, run.archive, outcome, tally, { complete, now: run.clock() });
    tally = emptyTally(tally.to);
  };
  /** One listed refusal for this entry that counts every entry after it too; none of them is read. */
  const refuseTheRest = (entry: Entry, index: number, code: ArchiveRefusalCode, why: string) => {
    const after = zipfile.entryCount - index - 1;
    tally.refusals.push({
      index,
      name: displayName(entryHeader(entry, index).name),
      code,
      reason: `${why}: this one and the ${after} after it are refused`,
    });
    tally.unlistedRefusals += after;
    tally.to = zipfile.entryCount;
  };

  const entries = zipfile.eachEntry();
  try {
    for (let index = 0; ; index++) {
      const next = await entries.next().catch((error: unknown) => {
        throw asArchiveFailure(error, `the central directory is damaged at entry ${index}`);
      });
      if (next.done) break;
      if (index < outcome.nextEntry) continue; // done by an earlier invocation
      if (index >= limits.maxEntries) {
        refuseTheRest(
          next.value,
          index,
          "TOO_MANY_ENTRIES",
          `the archive holds ${zipfile.entryCount} entries and only the first ${limits.maxEntries} are read`,
        );
        break;
      }
      const workBytes = outcome.workBytes + run.meter.unrecorded;
      if (workBytes >= limits.maxArchiveWorkBytes) {
        refuseTheRest(
          next.value,
          index,
          "ARCHIVE_BUDGET_EXCEEDED",
          `reading, inflating and writing the archive has cost ${workBytes} bytes; the limit is ${limits.maxArchiveWorkBytes}`,
        );
        break;
      }

      const budgetLeft = limits.maxArchiveUncompressedBytes - outcome.inflatedBytes - tally.inflatedBytes;
      const place = { index, dataEnd: run.layout.dataEnd(index) };
      const result = await fanOutEntry(run, zipfile, next.value, place, budgetLeft);
      tally.to = index + 1;
      if (result.kind === "skipped") tally.skipped++;
      else {
        tally.inflatedBytes += result.inflatedBytes;
        run.meter.add({
          inflatedBytes: result.inflatedBytes,
          writtenBytes: result.kind === "accepted" ? result.writtenBytes : 0,
        });
      }
      if (result.kind === "accepted") tally.accepted++;
      if (result.kind === "refused") {
        tally.refusals.push(result.refusal);
        logger.info("archive entry refused", { ...run.archive, ...result.refusal });
      }
      const handOver = tally.to < zipfile.entryCount && run.share.spent(run.meter.total);
      if (
        handOver ||
        result.kind === "accepted" ||
        tally.to - tally.from >= ENTRIES_PER_WRITE ||
        run.meter.unrecorded >= WORK_BYTES_PER_WRITE
      ) {
        await record(false);
      }
      if (handOver) return outcome;
    }
  } catch (error) {
    // Keep what was done before the damage: the refusals of the run so far.
    if (error instanceof ArchiveUnreadableError && tally.to > tally.from) await record(false);
    throw error;
  } finally {
    await entries.return?.();
  }
  await record(true);
  return outcome;
};

/**
 * Fans one zip archive out into uploads: for every image entry a PENDING receipt item and an
 * object under uploads/, which the thumbnail pipeline takes from there like any upload; every
 * other entry refused with a reason. The outcome is recorded on the batch as it goes.
 *
 * Before any entry is read, the central directory alone must show every entry in bytes of its
 * own (archive-layout.ts); otherwise the archive is FAILED. One invocation does one share of
 * the work (config.invocation) and returns the outcome still PROCESSING when entries are left:
 * the caller continues it in a new invocation.
 *
 * At-least-once delivery is safe: a COMPLETED or FAILED archive is not read again; a
 * PROCESSING one resumes at its cursor (see batch-progress.ts), and the entries around a crash
 * map to the same photo ids (photo-ids.ts), so nothing is made twice.
 *
 * Throws TransientError when it should be retried; an unreadable archive is an outcome.
 *
 * @example
 * await fanOutArchive(ArchiveKeySchema.parse("archives/{ownerId}/{batchId}"), config, { s3, dynamo });
 */
export const fanOutArchive = async (
  archive: ArchiveKey,
  config: FanoutConfig,
  dependencies: FanoutDependencies,
): Promise<FanoutOutcome | undefined> => {
  const clock = dependencies.clock ?? systemClock;
  const share = new InvocationShare(config.invocation);
  const store: BatchProgressStore = { dynamo: dependencies.dynamo, table: config.batchesTable };
  let outcome = await readArchiveOutcome(store, archive);
  if (outcome && outcome.status !== "PROCESSING") {
    logger.info("archive already fanned out; nothing to do", { ...archive, status: outcome.status });
    return outcome;
  }

  const object = await headArchive(dependencies.s3, config.uploadsBucket, archive.key);
  if (object?.correlationId) setCorrelationId(object.correlationId);
  const fail = async (reason: string) => {
    logger.warn("archive refused", { ...archive, reason });
    await recordArchiveFailure(store, archive, outcome, { etag: object?.etag ?? "", reason, now: clock() });
    return readArchiveOutcome(store, archive);
  };
  if (!object) return fail("the archive was no longer in the bucket");
  if (outcome && outcome.etag !== object.etag) return fail("the archive was replaced while it was processed");

  const reader = new S3RangeReader(dependencies.s3, object);
  try {
    const layout = await withOpenArchive(reader, (zipfile) =>
      surveyLayout(zipfile, config.limits.maxEntries),
    );
    outcome = await withOpenArchive(reader, async (zipfile) => {
      outcome ??= await startArchiveOutcome(
        store,
        archive,
        { etag: object.etag, entries: zipfile.entryCount },
        clock(),
      );
      if (outcome.nextEntry > 0)
        logger.info("resuming an archive", { ...archive, nextEntry: outcome.nextEntry });
      const run: Run = {
        archive,
        config,
        dependencies,
        clock,
        buffer: new EntryBuffer(config.limits.maxEntryBytes),
        layout,
        meter: new WorkMeter(() => reader.fetchedBytes),
        share,
        correlationId: object.correlationId,
      };
      return fanOutEntries(run, store, zipfile, outcome);
    });
  } catch (error) {
    if (error instanceof ArchiveUnreadableError) return fail(error.message);
    throw error;
  }
  logger.info(
    outcome.status === "COMPLETED" ? "archive fanned out" : "archive continues in a new invocation",
    {
      ...archive,
      entries: outcome.entries,
      nextEntry: outcome.nextEntry,
      accepted: outcome.accepted,
      refused: outcome.refusedCount,
      skipped: outcome.skipped,
      inflatedBytes: outcome.inflatedBytes,
      workBytes: outcome.workBytes,
    },
  );
  return outcome;
};
