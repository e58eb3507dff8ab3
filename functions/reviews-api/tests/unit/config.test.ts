import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadReviewsApiConfig } from "../../src/config.ts";

const required = {
  RECEIPTS_TABLE: "shoebox-dev-receipts",
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  LIMITS_TABLE: "shoebox-dev-limits",
};

describe("loadReviewsApiConfig", () => {
  it("reads the table and bucket, with 5-minute links and 10 requests a second (burst 20) by default", () => {
    expect(loadReviewsApiConfig(required)).toEqual({
      receiptsTable: "shoebox-dev-receipts",
      originalLinks: { bucket: "shoebox-dev-uploads", expiresInSeconds: 300 },
      requestLimit: { table: "shoebox-dev-limits", perSecond: 10, burst: 20 },
    });
  });

  it("fails fast, naming every missing variable", () => {
    expect(() => loadReviewsApiConfig({})).toThrow(ConfigurationError);
    expect(() => loadReviewsApiConfig({})).toThrow(/RECEIPTS_TABLE.*UPLOADS_BUCKET.*LIMITS_TABLE/);
  });
});
