import { describe, expect, it } from "vitest";
import { sessionFromToken } from "../../src/auth/session.ts";

/** An unsigned JWT with these claims: the app only reads them (the API verifies). */
const jwt = (claims: Record<string, unknown>) =>
  ["{}", JSON.stringify(claims), ""].map((part) => Buffer.from(part).toString("base64url")).join(".");

describe("sessionFromToken", () => {
  const access = jwt({ sub: "7f3c2a9e-uuid", username: "7f3c2a9e-uuid", exp: 2_000_000_000 });

  it("names the person from the ID token's name, else its email, not the access token's subject", () => {
    expect(sessionFromToken(access, jwt({ name: "Zoë Ångström", email: "zoe@example.com" })).name).toBe(
      "Zoë Ångström",
    );
    expect(sessionFromToken(access, jwt({ email: "zoe@example.com" })).name).toBe("zoe@example.com");
  });

  it("falls back to the access token (the local issuer's names the person as its subject)", () => {
    expect(sessionFromToken(jwt({ sub: "alice", exp: 2_000_000_000 }))).toEqual({
      token: jwt({ sub: "alice", exp: 2_000_000_000 }),
      name: "alice",
      expiresAt: 2_000_000_000_000,
    });
    expect(sessionFromToken(access, jwt({ name: " " })).name).toBe("7f3c2a9e-uuid");
  });
});
