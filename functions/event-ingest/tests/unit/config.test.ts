import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadEventIngestConfig } from "../../src/config.ts";

const required = {
  INGEST_EVENTS_TABLE: "shoebox-dev-ingest-events",
  JWT_ISSUER: "https://issuer.example.com/",
};

describe("loadEventIngestConfig", () => {
  it("reads the table and issuer, keeping events 90 days unless told otherwise", () => {
    expect(loadEventIngestConfig(required)).toEqual({
      jwtIssuer: "https://issuer.example.com/",
      events: { table: "shoebox-dev-ingest-events", retentionDays: 90 },
    });
    expect(loadEventIngestConfig({ ...required, EVENT_RETENTION_DAYS: "7" }).events.retentionDays).toBe(7);
  });

  it("fails fast, naming every missing or malformed variable", () => {
    const load = () => loadEventIngestConfig({ EVENT_RETENTION_DAYS: "0" });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/INGEST_EVENTS_TABLE.*JWT_ISSUER.*EVENT_RETENTION_DAYS/);
  });
});
