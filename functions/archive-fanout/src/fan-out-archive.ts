import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { logger } from "@shoebox/runtime";
import type { ArchiveKey, ArchiveOutcome, ArchiveRefusal } from "@shoebox/schemas";
import type { Entry, ZipFile } from "yauzl";
import { vetEntry } from "./archive-entries.ts";
import {
  type BatchProgressStore,
  type EntryTally,
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
import { asArchiveFailure, entryHeader, headArchive, openArchive } from "./zip-archive.ts";

/** The clock, passed in so tests can pin it. */
export type Clock = () => string;
const systemClock: Clock = () => new Date().toISOString();

export interface FanoutDependencies {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  clock?: Clock;
}

/**
 * Refused and skipped entries are recorded together, this many at a time; an accepted entry is
 * recorded at once. A crash repeats at most this many cheap refusals, or one accepted entry
 * (which its deterministic photo id makes harmless).
 */
const ENTRIES_PER_WRITE = 50;

type EntryResult =
  | { kind: "accepted"; inflatedBytes: number }
  | { kind: "skipped" }
  | { kind: "refused"; refusal: ArchiveRefusal; inflatedBytes: number };

interface Run {
  archive: ArchiveKey;
  config: FanoutConfig;
  dependencies: FanoutDependencies;
  clock: Clock;
  /** Entries are read and stored one at a time, so they can share one buffer. */
  buffer: EntryBuffer;
}

const fanOutEntry = async (
  run: Run,
  zipfile: ZipFile,
  entry: Entry,
  index: number,
  budgetLeft: number,
): Promise<EntryResult> => {
  const vetted = await vetEntry(zipfile, entry, index, run.config.limits, budgetLeft, run.buffer);
  if (vetted.kind !== "image") return vetted;
  const { ownerId, batchId } = run.archive;
  await storeEntryUpload(
    {
      s3: run.dependencies.s3,
      dynamo: run.dependencies.dynamo,
      bucket: run.config.uploadsBucket,
      photosTable: run.config.photosTable,
    },
    {
      ownerId,
      batchId,
      photoId: archiveEntryPhotoId(ownerId, batchId, index),
      originalName: vetted.originalName,
      contentType: vetted.contentType,
      bytes: vetted.bytes,
    },
    run.clock(),
  );
  return { kind: "accepted", inflatedBytes: vetted.bytes.length };
};

const emptyTally = (from: number): EntryTally => ({
  from,
  to: from,
  accepted: 0,
  skipped: 0,
  refusals: [],
  unlistedRefusals: 0,
  inflatedBytes: 0,
});

/** Fans out the entries from the outcome's cursor on, recording as it goes; ends COMPLETED. */
const fanOutEntries = async (
  run: Run,
  store: BatchProgressStore,
  zipfile: ZipFile,
  started: ArchiveOutcome,
): Promise<ArchiveOutcome> => {
  const { limits } = run.config;
  let outcome = started;
  let tally = emptyTally(outcome.nextEntry);
  const record = async (complete: boolean) => {
    outcome = await recordEntries(store, run.archive, outcome, tally, { complete, now: run.clock() });
    tally = emptyTally(tally.to);
  };

  const entries = zipfile.eachEntry();
  try {
    for (let index = 0; ; index++) {
      const next = await entries.next().catch((error: unknown) => {
        throw asArchiveFailure(error, `the central directory is damaged at entry ${index}`);
      });
      if (next.done) break;
      if (index < outcome.nextEntry) continue; // done by an earlier delivery
      if (index >= limits.maxEntries) {
        const unread = zipfile.entryCount - index;
        tally.refusals.push({
          index,
          name: displayName(entryHeader(next.value, index).name),
          code: "TOO_MANY_ENTRIES",
          reason: `the archive holds ${zipfile.entryCount} entries and only the first ${limits.maxEntries} are read: this one and the ${unread - 1} after it are refused`,
        });
        tally.unlistedRefusals += unread - 1;
        tally.to = zipfile.entryCount;
        break;
      }

      const budgetLeft = limits.maxArchiveUncompressedBytes - outcome.inflatedBytes - tally.inflatedBytes;
      const result = await fanOutEntry(run, zipfile, next.value, index, budgetLeft);
      tally.to = index + 1;
      if (result.kind === "skipped") tally.skipped++;
      else tally.inflatedBytes += result.inflatedBytes;
      if (result.kind === "accepted") tally.accepted++;
      if (result.kind === "refused") {
        tally.refusals.push(result.refusal);
        logger.info("archive entry refused", { ...run.archive, ...result.refusal });
      }
      if (result.kind === "accepted" || tally.to - tally.from >= ENTRIES_PER_WRITE) await record(false);
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
): Promise<ArchiveOutcome | undefined> => {
  const clock = dependencies.clock ?? systemClock;
  const store: BatchProgressStore = { dynamo: dependencies.dynamo, table: config.batchesTable };
  let outcome = await readArchiveOutcome(store, archive);
  if (outcome && outcome.status !== "PROCESSING") {
    logger.info("archive already fanned out; nothing to do", { ...archive, status: outcome.status });
    return outcome;
  }

  const object = await headArchive(dependencies.s3, config.uploadsBucket, archive.key);
  const fail = async (reason: string) => {
    logger.warn("archive refused", { ...archive, reason });
    await recordArchiveFailure(store, archive, outcome, { etag: object?.etag ?? "", reason, now: clock() });
    return readArchiveOutcome(store, archive);
  };
  if (!object) return fail("the archive was no longer in the bucket");
  if (outcome && outcome.etag !== object.etag) return fail("the archive was replaced while it was processed");

  try {
    const zipfile = await openArchive(dependencies.s3, object);
    try {
      outcome ??= await startArchiveOutcome(
        store,
        archive,
        { etag: object.etag, entries: zipfile.entryCount },
        clock(),
      );
      if (outcome.nextEntry > 0)
        logger.info("resuming an archive", { ...archive, nextEntry: outcome.nextEntry });
      const buffer = new EntryBuffer(config.limits.maxEntryBytes);
      outcome = await fanOutEntries(
        { archive, config, dependencies, clock, buffer },
        store,
        zipfile,
        outcome,
      );
    } finally {
      zipfile.close();
    }
  } catch (error) {
    if (error instanceof ArchiveUnreadableError) return fail(error.message);
    throw error;
  }
  logger.info("archive fanned out", {
    ...archive,
    entries: outcome.entries,
    accepted: outcome.accepted,
    refused: outcome.refusedCount,
    skipped: outcome.skipped,
    inflatedBytes: outcome.inflatedBytes,
  });
  return outcome;
};
