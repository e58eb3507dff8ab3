import { randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from "jose";

/**
 * The identity provider of the local stack: an RS256 key made per run, tokens signed with it,
 * and the verification the HTTP API's JWT authorizer performs (signature, iss, aud or
 * client_id, exp, nbf). The public key is served as a JWKS by the local gateway at
 * `<issuer>/.well-known/jwks.json`, as a real issuer would.
 */
export interface LocalIssuer {
  issuer: string;
  audience: string[];
  jwks: { keys: JWK[] };
  /** Signs a token for `subject`, valid `ttlSeconds` (12 h by default). */
  issue(
    subject: string,
    /** audience: default the first accepted audience; null leaves aud out. */
    options?: {
      ttlSeconds?: number;
      scope?: string;
      claims?: Record<string, unknown>;
      audience?: string | null;
    },
  ): Promise<string>;
  /** The claims as API Gateway hands them to the function, or why the token is refused. */
  verify(authorization: string | undefined): Promise<VerifiedToken>;
}

export type VerifiedToken =
  | { ok: true; claims: Record<string, string>; scopes: string[] | null }
  | { ok: false; reason: string };

/** API Gateway passes every claim as a string: numbers as digits, arrays as "[a b]". */
export const stringifyClaims = (payload: Record<string, unknown>): Record<string, string> => {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string") claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.map(String).join(" ")}]`;
    else if (typeof value === "object") claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
};

/** `Bearer <jwt>` or the bare token, as the authorizer's identity source `$request.header.Authorization` allows. */
export const bearerToken = (authorization: string | undefined): string | undefined => {
  if (!authorization) return undefined;
  const trimmed = authorization.trim();
  if (/^bearer$/i.test(trimmed)) return undefined;
  const match = /^bearer\s+(.+)$/i.exec(trimmed);
  const token = (match ? match[1] : trimmed)?.trim();
  return token ? token : undefined;
};

export const createLocalIssuer = async (issuer: string, audience: string[]): Promise<LocalIssuer> => {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);

  return {
    issuer,
    audience,
    jwks,
    issue: async (subject, options = {}) => {
      const ttl = options.ttlSeconds ?? 12 * 3600;
      const jwt = new SignJWT({
        ...(options.claims ?? {}),
        ...(options.scope ? { scope: options.scope } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(issuer);
      const tokenAudience = options.audience === undefined ? audience[0] : options.audience;
      if (tokenAudience !== null && tokenAudience !== undefined) jwt.setAudience(tokenAudience);
      return jwt
        .setSubject(subject)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
        .sign(privateKey);
    },
    verify: async (authorization) => {
      const token = bearerToken(authorization);
      if (!token) return { ok: false, reason: "missing bearer token" };
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer, algorithms: ["RS256"] });
        // The authorizer accepts a token whose aud, or else client_id, is one of the audiences.
        const tokenAudiences =
          payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        const clientId = typeof payload.client_id === "string" ? [payload.client_id] : [];
        const candidates = tokenAudiences.length > 0 ? tokenAudiences : clientId;
        if (!candidates.some((value) => audience.includes(value))) {
          return { ok: false, reason: "the token's audience is not accepted" };
        }
        const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : null;
        return { ok: true, claims: stringifyClaims(payload as Record<string, unknown>), scopes };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    },
  };
};
