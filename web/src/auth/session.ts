/**
 * Who is signed in, kept in sessionStorage (per tab, so two windows can be two users, and gone
 * when the tab closes). The API takes the access token as a bearer; the name shown is read from
 * the ID token, or the access token when there is none.
 */
import type { CognitoSignIn } from "../site-config.ts";
import { authorizeUrl, challengeOf, exchangeCode, randomToken } from "./pkce.ts";

export interface Session {
  token: string;
  name: string;
  /** Epoch milliseconds; the app signs out a little before it. */
  expiresAt: number;
}

const SESSION_KEY = "shoebox.session";
const PENDING_KEY = "shoebox.pkce";
/** Sign out this long before the token expires, so no request goes out with a dead one. */
const EXPIRY_MARGIN_MS = 60_000;

/** The JWT's payload, unverified: only for showing who is signed in (the API verifies). */
const claimsOf = (token: string): Record<string, unknown> => {
  const payload = token.split(".")[1] ?? "";
  try {
    const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
};

const firstText = (...values: unknown[]): string | undefined =>
  values.find((value): value is string => typeof value === "string" && value.trim() !== "");

/**
 * The session of an access token. Who the person is comes from the ID token when there is one
 * (Cognito: its `name`, else `email`), because Cognito's access token names only a username,
 * often a generated id; the local issuer's token names the person as its subject.
 */
export const sessionFromToken = (token: string, idToken?: string, now = Date.now()): Session => {
  const claims = claimsOf(token);
  const identity = idToken ? claimsOf(idToken) : {};
  const name = firstText(
    identity.name,
    identity.email,
    claims.email,
    claims.username,
    claims["cognito:username"],
    claims.sub,
  );
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : now + 3600_000;
  return { token, name: name ?? "you", expiresAt: exp };
};

export const currentSession = (storage: Storage = sessionStorage, now = Date.now()): Session | undefined => {
  const stored = storage.getItem(SESSION_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session;
  if (session.expiresAt - EXPIRY_MARGIN_MS <= now) {
    storage.removeItem(SESSION_KEY);
    return undefined;
  }
  return session;
};

export const saveSession = (session: Session, storage: Storage = sessionStorage): void =>
  storage.setItem(SESSION_KEY, JSON.stringify(session));

export const signOut = (storage: Storage = sessionStorage): void => storage.removeItem(SESSION_KEY);

/** The local stack's issuer: a token for whichever name is typed (never on AWS). */
export const signInLocally = async (url: string, name: string): Promise<Session> => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
  if (!response.ok || !body.token) {
    throw new Error(`${body.message ?? `HTTP ${response.status}`}: check that make dev is still running`);
  }
  return sessionFromToken(body.token);
};

/** Leaves for the hosted UI; the verifier and state wait in this tab for the way back. */
export const beginCognitoSignIn = async (settings: CognitoSignIn): Promise<void> => {
  const verifier = randomToken();
  const state = randomToken(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  window.location.assign(authorizeUrl(settings, { state, challenge: await challengeOf(verifier) }));
};

/**
 * On the way back from the hosted UI (?code=…&state=…): checks the state, trades the code, and
 * takes the code out of the address bar. Undefined when this is not such a return.
 */
export const completeCognitoSignIn = async (settings: CognitoSignIn): Promise<Session | undefined> => {
  const params = new URLSearchParams(window.location.search);
  const code = params.get("code");
  const error = params.get("error_description") ?? params.get("error");
  if (!code && !error) return undefined;
  window.history.replaceState(null, "", window.location.pathname + window.location.hash);
  const pending = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (error) throw new Error(`sign-in was refused (${error}): try again`);
  const { verifier, state } = pending ? (JSON.parse(pending) as { verifier: string; state: string }) : {};
  if (!verifier || state !== params.get("state")) {
    throw new Error("this sign-in was not started in this tab: sign in again");
  }
  const tokens = await exchangeCode(settings, { code: code ?? "", verifier });
  return sessionFromToken(tokens.accessToken, tokens.idToken);
};
