import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadReceiptsApiConfig } from "../../src/config.ts";

const required = { RECEIPTS_TABLE: "shoebox-dev-receipts", LIMITS_TABLE: "shoebox-dev-limits" };

describe("loadReceiptsApiConfig", () => {
  it("reads the table, with exports of at most 10 000 receipts and 10 requests a second (burst 20) by default", () => {
    expect(loadReceiptsApiConfig(required)).toEqual({
      receiptsTable: "shoebox-dev-receipts",
      exportMaxRows: 10_000,
      requestLimit: { table: "shoebox-dev-limits", perSecond: 10, burst: 20 },
    });
  });

  it("fails fast, naming every missing variable", () => {
    expect(() => loadReceiptsApiConfig({})).toThrow(ConfigurationError);
    expect(() => loadReceiptsApiConfig({})).toThrow(/RECEIPTS_TABLE.*LIMITS_TABLE/);
  });

  it("refuses an export cap that is no positive whole number", () => {
    expect(() => loadReceiptsApiConfig({ ...required, EXPORT_MAX_ROWS: "0" })).toThrow(/EXPORT_MAX_ROWS/);
  });
});
