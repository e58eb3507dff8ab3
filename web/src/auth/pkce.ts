/**
 * The OAuth 2.0 authorization code flow with PKCE (RFC 7636) against Cognito's hosted UI: the
 * app is a public client with no secret, so the code is bound to a verifier only this tab knows.
 * Small enough to own rather than pull in an OAuth library.
 */
import type { CognitoSignIn } from "../site-config.ts";

/** RFC 7636 allows 43 to 128 characters; 48 random bytes give 64. */
const VERIFIER_BYTES = 48;

export const base64Url = (bytes: Uint8Array): string => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
};

/** A fresh random string from the unreserved characters, for the verifier and the state. */
export const randomToken = (bytes = VERIFIER_BYTES): string =>
  base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The S256 challenge: base64url(SHA-256(verifier)). */
export const challengeOf = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));

/** The hosted UI's authorize URL for this client, carrying the challenge and the state. */
export const authorizeUrl = (
  settings: CognitoSignIn,
  request: { state: string; challenge: string },
): string => {
  const url = new URL("/oauth2/authorize", settings.domain);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: settings.scopes.join(" "),
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
};

export interface TokenSet {
  accessToken: string;
  idToken?: string;
  expiresIn: number;
}

/** Trades the code and its verifier for tokens at the token endpoint (form-encoded, no secret). */
export const exchangeCode = async (
  settings: CognitoSignIn,
  grant: { code: string; verifier: string },
  fetchImpl: typeof fetch = fetch,
): Promise<TokenSet> => {
  const response = await fetchImpl(new URL("/oauth2/token", settings.domain), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: settings.clientId,
      code: grant.code,
      redirect_uri: settings.redirectUri,
      code_verifier: grant.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
    throw new Error(`sign-in could not be completed (${reason}): sign in again`);
  }
  return {
    accessToken: body.access_token,
    ...(typeof body.id_token === "string" ? { idToken: body.id_token } : {}),
    expiresIn: typeof body.expires_in === "number" ? body.expires_in : 3600,
  };
};
