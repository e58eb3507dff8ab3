import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadPhotosApiConfig } from "../../src/config.ts";

const required = {
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  THUMBNAILS_BUCKET: "shoebox-dev-thumbnails",
  LIMITS_TABLE: "shoebox-dev-limits",
};

describe("loadPhotosApiConfig", () => {
  it("reads the tables, with 5-minute thumbnail links and 10 requests a second (burst 20) by default", () => {
    expect(loadPhotosApiConfig(required)).toEqual({
      photosTable: "shoebox-dev-photos",
      batchesTable: "shoebox-dev-batches",
      thumbnailLinks: { bucket: "shoebox-dev-thumbnails", expiresInSeconds: 300 },
      requestLimit: { table: "shoebox-dev-limits", perSecond: 10, burst: 20 },
    });
  });

  it("takes 0 requests a second as no limit", () => {
    expect(loadPhotosApiConfig({ ...required, USER_REQUESTS_PER_SECOND: "0" }).requestLimit.perSecond).toBe(
      0,
    );
  });

  it("fails fast, naming every missing variable", () => {
    const { PHOTOS_TABLE, LIMITS_TABLE, ...incomplete } = required;
    expect(() => loadPhotosApiConfig(incomplete)).toThrow(ConfigurationError);
    expect(() => loadPhotosApiConfig(incomplete)).toThrow(/PHOTOS_TABLE.*LIMITS_TABLE/);
  });
});
