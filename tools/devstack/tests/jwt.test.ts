import { describe, expect, it } from "vitest";
import { bearerToken, createLocalIssuer, stringifyClaims } from "../src/jwt.ts";

const ISSUER = "http://127.0.0.1:4000";

describe("local JWT issuer", () => {
  it("issues tokens its verifier accepts, with claims as API Gateway passes them", async () => {
    const issuer = await createLocalIssuer(ISSUER, ["shoebox-local"]);
    const token = await issuer.issue("user-1", { scope: "photos:read photos:write" });
    const verified = await issuer.verify(`Bearer ${token}`);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    expect(verified.claims).toMatchObject({ iss: ISSUER, sub: "user-1", aud: "shoebox-local" });
    expect(verified.claims.exp).toMatch(/^\d+$/);
    expect(verified.scopes).toEqual(["photos:read", "photos:write"]);
    expect(Number(verified.claims.exp) - Number(verified.claims.iat)).toBe(12 * 3600);
  });

  it("publishes the public key as a JWKS", async () => {
    const issuer = await createLocalIssuer(ISSUER, ["a"]);
    expect(issuer.jwks.keys).toHaveLength(1);
    expect(issuer.jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(issuer.jwks.keys[0]).not.toHaveProperty("d");
  });

  it("refuses missing, malformed, expired, foreign and wrong-audience tokens", async () => {
    const issuer = await createLocalIssuer(ISSUER, ["shoebox-local"]);
    expect(await issuer.verify(undefined)).toMatchObject({ ok: false, reason: "missing bearer token" });
    expect((await issuer.verify("Bearer not-a-jwt")).ok).toBe(false);
    expect((await issuer.verify(`Bearer ${await issuer.issue("u", { ttlSeconds: -10 })}`)).ok).toBe(false);

    const other = await createLocalIssuer(ISSUER, ["shoebox-local"]);
    expect((await issuer.verify(`Bearer ${await other.issue("u")}`)).ok).toBe(false);

    const elsewhere = await createLocalIssuer("http://localhost:9999", ["shoebox-local"]);
    expect((await elsewhere.verify(`Bearer ${await issuer.issue("u")}`)).ok).toBe(false);
  });

  it("checks aud, or client_id when there is no aud", async () => {
    const issuer = await createLocalIssuer(ISSUER, ["expected", "also"]);
    expect((await issuer.verify(await issuer.issue("u"))).ok).toBe(true);
    expect((await issuer.verify(await issuer.issue("u", { audience: "also" }))).ok).toBe(true);
    expect(await issuer.verify(await issuer.issue("u", { audience: "someone-else" }))).toMatchObject({
      ok: false,
    });
    expect(
      (await issuer.verify(await issuer.issue("u", { audience: null, claims: { client_id: "expected" } })))
        .ok,
    ).toBe(true);
    expect(
      (await issuer.verify(await issuer.issue("u", { audience: null, claims: { client_id: "other" } }))).ok,
    ).toBe(false);
    expect((await issuer.verify(await issuer.issue("u", { audience: null }))).ok).toBe(false);
  });

  it("reads bearer tokens with or without the scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("abc")).toBe("abc");
    expect(bearerToken("Bearer ")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it("stringifies claims like API Gateway", () => {
    expect(stringifyClaims({ a: "x", n: 5, b: true, l: ["r1", "r2"], o: { k: 1 }, z: null })).toEqual({
      a: "x",
      n: "5",
      b: "true",
      l: "[r1 r2]",
      o: '{"k":1}',
    });
  });
});
