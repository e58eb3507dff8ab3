import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { connectionPlan } from "../../src/tls.ts";

const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

describe("connectionPlan", () => {
  it("verifies fully when the URL has no sslmode: chain against the given CA, host name by Node's own check", () => {
    const plan = connectionPlan({ url: "postgres://u:p@db.example:5432/receipts", caCertificate: ca });

    expect(plan).toEqual({
      connectionString: "postgres://u:p@db.example:5432/receipts",
      sslmode: "verify-full",
      host: "db.example",
      attempts: [{ ca, rejectUnauthorized: true }],
    });
  });

  it("trusts Node's public CAs when no caCertificate is given", () => {
    const plan = connectionPlan({ url: "postgres://u:p@db.example/receipts?sslmode=verify-full" });

    expect(plan.attempts).toEqual([{ rejectUnauthorized: true }]);
    expect(plan.weakness).toBeUndefined();
  });

  it("takes sslmode out of the URL, so node-postgres cannot replace the policy with its own reading of it", () => {
    const plan = connectionPlan({
      url: "postgres://u:p@db.example/receipts?sslmode=require&application_name=x",
    });

    expect(plan.connectionString).toBe("postgres://u:p@db.example/receipts?application_name=x");
    expect(plan.attempts).toEqual([{ rejectUnauthorized: false }]);
    expect(plan.weakness).toMatch(/TLS without verification/);
  });

  it.each([
    ["disable", [false]],
    ["allow", [false, { rejectUnauthorized: false }]],
    ["prefer", [{ rejectUnauthorized: false }, false]],
  ])("sslmode=%s tries what libpq tries, in its order", (sslmode, attempts) => {
    const plan = connectionPlan({ url: `postgres://u@db.example/r?sslmode=${sslmode}` });

    expect(plan.attempts).toEqual(attempts);
    expect(plan.weakness).toMatch(/unencrypted/);
  });

  it("with a CA, require checks the chain as verify-ca does (libpq), skipping only the host name check", () => {
    const [attempt] = connectionPlan({
      url: "postgres://u@db.example/r?sslmode=require",
      caCertificate: ca,
    }).attempts;

    expect(attempt).toMatchObject({ ca, rejectUnauthorized: true });
    const checkServerIdentity = attempt ? attempt.checkServerIdentity : undefined;
    expect(checkServerIdentity).toBeTypeOf("function");
    expect(checkServerIdentity?.("not-the-host.example", {} as never)).toBeUndefined();
  });

  it.each([
    ["sslmode=verify-ca", /sslmode=verify-ca needs caCertificate/],
    [
      "sslmode=no-verify",
      /sslmode=no-verify; use one of disable, allow, prefer, require, verify-ca, verify-full/,
    ],
    ["sslrootcert=/ca.pem", /sets sslrootcert/],
    ["uselibpqcompat=true", /sets uselibpqcompat/],
  ])("refuses %s with a message saying what to do", (query, message) => {
    expect(() => connectionPlan({ url: `postgres://u@db.example/r?${query}` })).toThrow(ConfigurationError);
    expect(() => connectionPlan({ url: `postgres://u@db.example/r?${query}` })).toThrow(message);
  });

  it("checks the certificate against the host of a bracketed IPv6 address without its brackets", () => {
    expect(connectionPlan({ url: "postgres://u@[::1]:5432/r", caCertificate: ca }).host).toBe("::1");
  });
});
