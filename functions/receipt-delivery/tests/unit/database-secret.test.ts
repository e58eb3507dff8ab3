import { TransientError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { parseDatabaseSecret } from "../../src/database-secret.ts";

const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shoebox-prod-delivery-database-AbCdEf";
const ca = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

describe("parseDatabaseSecret", () => {
  it("takes a bare postgres:// URL, as secrets written before TLS was verified hold", () => {
    expect(parseDatabaseSecret("postgres://shoebox:pw@db.example:5432/receipts\n", arn)).toEqual({
      url: "postgres://shoebox:pw@db.example:5432/receipts",
    });
  });

  it("takes JSON with the URL and the CA certificate of the server", () => {
    const value = JSON.stringify({ url: "postgresql://shoebox:pw@db.example/receipts", caCertificate: ca });

    expect(parseDatabaseSecret(value, arn)).toEqual({
      url: "postgresql://shoebox:pw@db.example/receipts",
      caCertificate: ca.trim(),
    });
  });

  it.each([
    ["an empty value", "", /url: must be a postgres:\/\/ URL/],
    ["a URL of another kind", "mysql://shoebox:pw@db.example/receipts", /must be a postgres:\/\/ URL/],
    ["broken JSON", '{"url":"postgres://shoebox:pw@db', /starts with \{ but is not valid JSON/],
    ["JSON without url", JSON.stringify({ caCertificate: ca }), /url: /],
    [
      "a CA that is not PEM",
      JSON.stringify({ url: "postgres://h/db", caCertificate: "MIIB" }),
      /caCertificate: must be PEM/,
    ],
    ["an unknown key", JSON.stringify({ url: "postgres://h/db", sslmode: "disable" }), /Unrecognized key/],
    ["a binary secret", new Uint8Array([1, 2]), /value: /],
  ])("refuses %s with the put-secret-value command, never echoing the value", (_, value, problem) => {
    const parse = () => parseDatabaseSecret(value, arn);

    expect(parse).toThrow(TransientError);
    expect(parse).toThrow(problem);
    expect(parse).toThrow(`aws secretsmanager put-secret-value --secret-id ${arn}`);
    expect(parse).not.toThrow(/pw@/);
  });
});
