import { loadConfig, positiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";
import { MAX_ENTRY_INDEX } from "./photo-ids.ts";

const MiB = 1024 * 1024;

/** The environment of the archive-fanout function, as Terraform's function module sets it. */
export const FanoutConfigSchema = z
  .object({
    UPLOADS_BUCKET: requiredString,
    PHOTOS_TABLE: requiredString,
    BATCHES_TABLE: requiredString,
    // The archives queue: the function sends itself the rest of a long archive there.
    ARCHIVES_QUEUE_URL: requiredString,
    // 25 MiB, the thumbnail function's MAX_INPUT_BYTES: a larger entry would only fail there.
    // It is also the most an entry holds in memory, so it bounds the function's RAM.
    MAX_ENTRY_BYTES: positiveInt(25 * MiB),
    // What one archive may inflate to in all: 2 GiB is 80 maximal entries, minutes of work.
    MAX_ARCHIVE_UNCOMPRESSED_BYTES: positiveInt(2048 * MiB),
    // Entry indexes are part of photo ids (photo-ids.ts), in four base32 digits.
    MAX_ENTRIES: z.coerce
      .number()
      .int()
      .positive()
      .max(MAX_ENTRY_INDEX + 1)
      .default(2000),
    // No image format compresses 200:1 in a zip (JPEG, PNG, WebP hardly at all; a scanned
    // receipt as uncompressed TIFF perhaps 20:1); deflate's limit is about 1032:1.
    MAX_COMPRESSION_RATIO: positiveInt(200),
    // Everything an archive may cost: bytes fetched from S3, inflated and written. A legitimate
    // archive at the limits costs its size (1 GiB by default; only what inflates within the
    // 2 GiB above is read) + 2 GiB inflated + 2 GiB written; the rest covers reading the central
    // directory again in each invocation and entries repeated after a crash.
    MAX_ARCHIVE_WORK_BYTES: positiveInt(8192 * MiB),
    // One invocation works on an archive this long, or this many bytes of work, then saves its
    // progress and continues in a new message: with maximum_concurrency 2, two large archives
    // must not hold the fan-out from every other user for the whole 300 s timeout.
    INVOCATION_WORK_SECONDS: positiveInt(30),
    INVOCATION_WORK_BYTES: positiveInt(512 * MiB),
    // The continuation waits this long on the queue, so that a waiting archive of someone else
    // is received first by the slot this invocation frees.
    CONTINUATION_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).default(5),
  })
  .transform((env) => ({
    uploadsBucket: env.UPLOADS_BUCKET,
    photosTable: env.PHOTOS_TABLE,
    batchesTable: env.BATCHES_TABLE,
    archivesQueueUrl: env.ARCHIVES_QUEUE_URL,
    limits: {
      maxEntryBytes: env.MAX_ENTRY_BYTES,
      maxArchiveUncompressedBytes: env.MAX_ARCHIVE_UNCOMPRESSED_BYTES,
      maxEntries: env.MAX_ENTRIES,
      maxCompressionRatio: env.MAX_COMPRESSION_RATIO,
      // Small entries may compress well (a blank 1 MiB TIFF): the ratio counts above this size.
      ratioFloorBytes: MiB,
      maxArchiveWorkBytes: env.MAX_ARCHIVE_WORK_BYTES,
    },
    invocation: {
      maxSeconds: env.INVOCATION_WORK_SECONDS,
      maxWorkBytes: env.INVOCATION_WORK_BYTES,
      continuationDelaySeconds: env.CONTINUATION_DELAY_SECONDS,
    },
  }));

export type FanoutConfig = z.infer<typeof FanoutConfigSchema>;
export type EntryLimits = FanoutConfig["limits"];
export type InvocationLimits = FanoutConfig["invocation"];

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadFanoutConfig = (env: NodeJS.ProcessEnv = process.env): FanoutConfig =>
  loadConfig(FanoutConfigSchema, env);
