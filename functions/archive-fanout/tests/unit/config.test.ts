import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadFanoutConfig } from "../../src/config.ts";

const required = { UPLOADS_BUCKET: "uploads", PHOTOS_TABLE: "photos", BATCHES_TABLE: "batches" };

describe("loadFanoutConfig", () => {
  it("has the issue's defaults: 25 MiB an entry, 2000 entries, 200:1 above 1 MiB, 2 GiB an archive", () => {
    expect(loadFanoutConfig(required)).toEqual({
      uploadsBucket: "uploads",
      photosTable: "photos",
      batchesTable: "batches",
      limits: {
        maxEntryBytes: 26_214_400,
        maxArchiveUncompressedBytes: 2_147_483_648,
        maxEntries: 2000,
        maxCompressionRatio: 200,
        ratioFloorBytes: 1_048_576,
      },
    });
  });

  it("reads the limits from the environment", () => {
    const { limits } = loadFanoutConfig({ ...required, MAX_ENTRY_BYTES: "1000", MAX_ENTRIES: "10" });
    expect(limits).toMatchObject({ maxEntryBytes: 1000, maxEntries: 10 });
  });

  it("names every missing variable, and refuses more entries than photo ids can number", () => {
    expect(() => loadFanoutConfig({})).toThrow(/UPLOADS_BUCKET.*PHOTOS_TABLE.*BATCHES_TABLE/);
    expect(() => loadFanoutConfig({ ...required, MAX_ENTRIES: "2000000" })).toThrow(ConfigurationError);
  });
});
