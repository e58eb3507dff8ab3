import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadFanoutConfig } from "../../src/config.ts";

const required = {
  UPLOADS_BUCKET: "uploads",
  PHOTOS_TABLE: "photos",
  BATCHES_TABLE: "batches",
  ARCHIVES_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/archives",
};

describe("loadFanoutConfig", () => {
  it("has the issue's defaults: 25 MiB an entry, 2000 entries, 200:1 above 1 MiB, 2 GiB inflated and 8 GiB of work an archive, 30 s or 512 MiB an invocation", () => {
    expect(loadFanoutConfig(required)).toEqual({
      uploadsBucket: "uploads",
      photosTable: "photos",
      batchesTable: "batches",
      archivesQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/archives",
      limits: {
        maxEntryBytes: 26_214_400,
        maxArchiveUncompressedBytes: 2_147_483_648,
        maxEntries: 2000,
        maxCompressionRatio: 200,
        ratioFloorBytes: 1_048_576,
        maxArchiveWorkBytes: 8_589_934_592,
      },
      invocation: { maxSeconds: 30, maxWorkBytes: 536_870_912, continuationDelaySeconds: 5 },
    });
  });

  it("reads the limits from the environment", () => {
    const config = loadFanoutConfig({
      ...required,
      MAX_ENTRY_BYTES: "1000",
      MAX_ENTRIES: "10",
      MAX_ARCHIVE_WORK_BYTES: "5000",
      INVOCATION_WORK_SECONDS: "2",
      INVOCATION_WORK_BYTES: "3000",
      CONTINUATION_DELAY_SECONDS: "0",
    });
    expect(config.limits).toMatchObject({ maxEntryBytes: 1000, maxEntries: 10, maxArchiveWorkBytes: 5000 });
    expect(config.invocation).toEqual({ maxSeconds: 2, maxWorkBytes: 3000, continuationDelaySeconds: 0 });
  });

  it("names every missing variable, and refuses more entries than photo ids can number or a delay SQS refuses", () => {
    expect(() => loadFanoutConfig({})).toThrow(
      /UPLOADS_BUCKET.*PHOTOS_TABLE.*BATCHES_TABLE.*ARCHIVES_QUEUE_URL/,
    );
    expect(() => loadFanoutConfig({ ...required, MAX_ENTRIES: "2000000" })).toThrow(ConfigurationError);
    expect(() => loadFanoutConfig({ ...required, CONTINUATION_DELAY_SECONDS: "901" })).toThrow(
      /CONTINUATION_DELAY_SECONDS/,
    );
  });
});
