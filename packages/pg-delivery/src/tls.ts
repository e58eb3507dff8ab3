import type { ConnectionOptions } from "node:tls";
import { ConfigurationError } from "@shoebox/runtime";
import type { DatabaseTarget } from "@shoebox/schemas";

/*
 * The one TLS policy of every connection to a customer's PostgreSQL (the receipt-delivery
 * function and the delivery agent). The URL's sslmode means what it means to libpq
 * (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION), except that
 * its absence means verify-full, not prefer: receipts and the password cross networks we do
 * not control, so the server must prove who it is unless the URL explicitly says otherwise.
 *
 * node-postgres reads sslmode (and ssl, sslrootcert, ...) from the connection string itself
 * and lets what it found there replace the `ssl` option (ConnectionParameters merges the
 * parsed string over the config); and without `uselibpqcompat` its verify-ca, require and
 * prefer all verify fully. So the TLS parameters are taken out of the URL here and the whole
 * policy is the `ssl` option built below.
 */

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** URL parameters node-postgres would turn into TLS settings of its own, overriding ours. */
const UNSUPPORTED_URL_PARAMETERS = [
  "ssl",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "sslnegotiation",
  "uselibpqcompat",
];

/** Where the CA goes, for messages: the function's secret and the agent's environment. */
export const CA_CERTIFICATE_HINT =
  "put the certificate (PEM) of the CA that signed the server's certificate in caCertificate (the secret's JSON value; the agent: DATABASE_CA_FILE)";

export interface ConnectionPlan {
  /** The URL without its TLS parameters. */
  connectionString: string;
  sslmode: SslMode;
  /** Host name (or IP address) the server's certificate must name under verify-full. */
  host: string;
  /**
   * The connections to try, in order, each with pg's `ssl` option (false: plaintext). prefer
   * and allow have two, as in libpq: prefer falls back to plaintext, allow to TLS.
   */
  attempts: (ConnectionOptions | false)[];
  /** Why this connection is not fully verified, for a warning in the log; absent for verify-full. */
  weakness?: string;
}

/**
 * The connections to open for a target, by its URL's sslmode (default verify-full): TLS with
 * the chain checked against `caCertificate` (or, without it, Node's public CAs) and the host
 * name checked against the certificate, unless the URL asks for less.
 *
 * @example
 * connectionPlan({ url: "postgres://u:p@db.example:5432/r", caCertificate: pem });
 * // { connectionString: "postgres://u:p@db.example:5432/r", sslmode: "verify-full", host: "db.example",
 * //   attempts: [{ ca: pem, rejectUnauthorized: true }] }
 */
export const connectionPlan = (target: DatabaseTarget): ConnectionPlan => {
  const url = new URL(target.url);
  const unsupported = UNSUPPORTED_URL_PARAMETERS.filter((name) => url.searchParams.has(name));
  if (unsupported.length) {
    throw new ConfigurationError(
      `the database URL sets ${unsupported.join(", ")}, which shoebox does not take from the URL: remove it; TLS is set by sslmode alone, and for a private CA ${CA_CERTIFICATE_HINT}`,
    );
  }
  const written = url.searchParams.get("sslmode");
  if (written !== null && !(SSL_MODES as readonly string[]).includes(written)) {
    throw new ConfigurationError(
      `the database URL has sslmode=${written}; use one of ${SSL_MODES.join(", ")} (or none: verify-full)`,
    );
  }
  const sslmode = (written ?? "verify-full") as SslMode;
  url.searchParams.delete("sslmode");
  const host = (url.searchParams.get("host") ?? url.hostname).replace(/^\[(.+)\]$/, "$1");
  const ca = target.caCertificate ? { ca: target.caCertificate } : {};

  const verifyFull: ConnectionOptions = { ...ca, rejectUnauthorized: true };
  // Still checks the chain; only the host name check (Node's checkServerIdentity) is skipped.
  const verifyCa: ConnectionOptions = {
    ...ca,
    rejectUnauthorized: true,
    checkServerIdentity: () => undefined,
  };
  // libpq: with a root CA, require checks the chain as verify-ca does; without one, nothing.
  const encryptOnly: ConnectionOptions = target.caCertificate ? verifyCa : { rejectUnauthorized: false };
  const unverified = target.caCertificate
    ? "TLS without a host name check: any server with a certificate from this CA is accepted"
    : "TLS without verification: any server is accepted, so a man in the middle can read the password and the receipts";
  const plaintext =
    "no TLS: the password and the receipts cross the network unencrypted; never in production";

  const plans: Record<SslMode, Pick<ConnectionPlan, "attempts" | "weakness">> = {
    "verify-full": { attempts: [verifyFull] },
    "verify-ca": { attempts: [verifyCa], weakness: unverified },
    require: { attempts: [encryptOnly], weakness: unverified },
    prefer: {
      attempts: [encryptOnly, false],
      weakness: `${unverified}; and if the server has no TLS, ${plaintext}`,
    },
    allow: { attempts: [false, encryptOnly], weakness: plaintext },
    disable: { attempts: [false], weakness: plaintext },
  };
  if (sslmode === "verify-ca" && !target.caCertificate) {
    // As libpq with sslrootcert=system: any holder of a certificate from a public CA would pass.
    throw new ConfigurationError(
      `sslmode=verify-ca needs caCertificate: against the public CAs, any server with any certificate would be accepted; use verify-full, or ${CA_CERTIFICATE_HINT}`,
    );
  }
  return { connectionString: url.toString(), sslmode, host, ...plans[sslmode] };
};

/** Node's codes for a certificate chain that does not lead to a trusted CA (or is not valid now). */
const untrustedChainCodes = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
]);

/**
 * The error to report for a connection that failed over TLS, saying what to do about it; the
 * error itself when TLS was not the problem.
 *
 * @example
 * explainTlsFailure(error, plan); // Error("the server's certificate does not name 127.0.0.1 ...")
 */
export const explainTlsFailure = (error: unknown, plan: ConnectionPlan, caGiven: boolean): unknown => {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new Error(
      `the server's certificate does not name ${plan.host} (${reason}): check the host name in the database URL, use a name the certificate names, or have the server's certificate issued for ${plan.host}`,
      { cause: error },
    );
  }
  if (typeof code === "string" && untrustedChainCodes.has(code)) {
    return new Error(
      `the server's certificate is not trusted (${code}: ${reason}): ${
        caGiven
          ? "the caCertificate given did not sign it (or it has expired); put the CA that signed the server's certificate in caCertificate"
          : CA_CERTIFICATE_HINT
      }`,
      { cause: error },
    );
  }
  if (/server does not support SSL/i.test(reason)) {
    return new Error(
      `the server does not accept TLS (ssl = off in postgresql.conf): turn TLS on at the server; sslmode=disable in the URL would send the password and receipts unencrypted (never in production)`,
      { cause: error },
    );
  }
  return error;
};
