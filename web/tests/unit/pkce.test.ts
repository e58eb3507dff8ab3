import { describe, expect, it } from "vitest";
import { authorizeUrl, challengeOf, exchangeCode, randomToken } from "../../src/auth/pkce.ts";
import type { CognitoSignIn } from "../../src/site-config.ts";

const settings: CognitoSignIn = {
  kind: "cognito",
  domain: "https://shoebox-test.auth.eu-west-1.amazoncognito.com",
  clientId: "client-123",
  redirectUri: "https://app.example.com/",
  scopes: ["openid", "email"],
};

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's own example", async () => {
    // RFC 7636, appendix B.
    expect(await challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes verifiers of 43 to 128 unreserved characters, different every time", () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => randomToken()));

    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
  });

  it("sends the browser to the hosted UI's authorize endpoint with the challenge and the state", () => {
    const url = new URL(authorizeUrl(settings, { state: "s-1", challenge: "c-1" }));

    expect(url.origin + url.pathname).toBe(`${settings.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "client-123",
      redirect_uri: "https://app.example.com/",
      scope: "openid email",
      state: "s-1",
      code_challenge: "c-1",
      code_challenge_method: "S256",
    });
  });

  it("trades the code with its verifier at the token endpoint, form-encoded and without a secret", async () => {
    const sent: { url: string; body: string; contentType: string }[] = [];
    const fakeCognito: typeof fetch = async (url, init) => {
      sent.push({
        url: String(url),
        body: String(init?.body),
        contentType: new Headers(init?.headers).get("content-type") ?? "",
      });
      return Response.json({ access_token: "at", id_token: "it", expires_in: 3600, token_type: "Bearer" });
    };

    const tokens = await exchangeCode(settings, { code: "code-1", verifier: "v-1" }, fakeCognito);

    expect(tokens).toEqual({ accessToken: "at", idToken: "it", expiresIn: 3600 });
    expect(sent[0]?.url).toBe(`${settings.domain}/oauth2/token`);
    expect(sent[0]?.contentType).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({
      grant_type: "authorization_code",
      client_id: "client-123",
      code: "code-1",
      redirect_uri: "https://app.example.com/",
      code_verifier: "v-1",
    });
  });

  it("says what to do when Cognito refuses the code", async () => {
    const refusing: typeof fetch = async () => Response.json({ error: "invalid_grant" }, { status: 400 });

    await expect(exchangeCode(settings, { code: "stale", verifier: "v" }, refusing)).rejects.toThrow(
      "sign-in could not be completed (invalid_grant): sign in again",
    );
  });
});
