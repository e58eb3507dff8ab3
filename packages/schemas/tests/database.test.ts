import { describe, expect, it } from "vitest";
import { DatabaseSecretSchema } from "../src/database.ts";

const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

describe("DatabaseSecretSchema", () => {
  it("reads a bare URL and JSON with a CA to the same shape", () => {
    expect(DatabaseSecretSchema.parse("postgres://u:p@db/r")).toEqual({ url: "postgres://u:p@db/r" });
    expect(
      DatabaseSecretSchema.parse(JSON.stringify({ url: "postgres://u:p@db/r", caCertificate: ca })),
    ).toEqual({
      url: "postgres://u:p@db/r",
      caCertificate: ca,
    });
  });

  it("takes a null or empty caCertificate (Terraform's jsonencode of an unset variable) as none", () => {
    for (const caCertificate of [null, ""]) {
      expect(DatabaseSecretSchema.parse(JSON.stringify({ url: "postgres://db/r", caCertificate }))).toEqual({
        url: "postgres://db/r",
      });
    }
  });

  it("refuses JSON that is not an object with a postgres:// url", () => {
    expect(DatabaseSecretSchema.safeParse("{not json").success).toBe(false);
    expect(DatabaseSecretSchema.safeParse('{"url":"https://db/r"}').success).toBe(false);
    expect(DatabaseSecretSchema.safeParse('{"url":"postgres://db/r","password":"x"}').success).toBe(false);
  });
});
