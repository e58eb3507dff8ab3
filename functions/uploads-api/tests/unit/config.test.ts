import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadUploadsApiConfig } from "../../src/config.ts";

const required = {
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  LIMITS_TABLE: "shoebox-dev-limits",
};

describe("loadUploadsApiConfig", () => {
  it("has the README's defaults: 25 MiB a file, 1 GiB an archive, 5000 files and 10 GiB a day, 10 requests a second", () => {
    expect(loadUploadsApiConfig(required)).toEqual({
      uploads: {
        bucket: "shoebox-dev-uploads",
        table: "shoebox-dev-photos",
        batchesTable: "shoebox-dev-batches",
        maxUploadBytes: 26_214_400,
        maxArchiveBytes: 1_073_741_824,
        urlTtlSeconds: 300,
        limits: { table: "shoebox-dev-limits", filesPerDay: 5000, bytesPerDay: 10_737_418_240 },
      },
      requestLimit: { table: "shoebox-dev-limits", perSecond: 10, burst: 20 },
    });
  });

  it("reads the limits from the environment, 0 being no limit", () => {
    const config = loadUploadsApiConfig({
      ...required,
      MAX_UPLOAD_BYTES: "1000",
      USER_FILES_PER_DAY: "0",
      USER_BYTES_PER_DAY: "5000",
      USER_REQUEST_BURST: "3",
    });
    expect(config.uploads).toMatchObject({
      maxUploadBytes: 1000,
      limits: { filesPerDay: 0, bytesPerDay: 5000 },
    });
    expect(config.requestLimit.burst).toBe(3);
  });

  it("fails fast, naming every missing or malformed variable", () => {
    const { UPLOADS_BUCKET, ...incomplete } = required;
    const load = () => loadUploadsApiConfig({ ...incomplete, USER_REQUEST_BURST: "0" });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/UPLOADS_BUCKET.*USER_REQUEST_BURST/);
  });
});
