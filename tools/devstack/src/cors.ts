import type { IncomingMessage } from "node:http";

/**
 * The HTTP API's CORS as API Gateway applies its cors_configuration (terraform/modules/http_api):
 * the gateway itself answers preflights, and puts Access-Control-Allow-Origin on every answer to
 * an allowed origin. The headers and max age are the module's; the methods are the routes'.
 */
export interface CorsPolicy {
  /** The answer to a preflight from an allowed origin, else undefined (API Gateway then adds nothing). */
  preflight(request: IncomingMessage): Record<string, string> | undefined;
  /** Headers for an ordinary answer to this request: none unless its origin is allowed. */
  headers(request: IncomingMessage): Record<string, string>;
}

const ALLOW_HEADERS = "authorization,content-type";
/** The module's expose_headers: Retry-After on a 429, a download's file name (GET /receipts/export). */
const EXPOSE_HEADERS = "content-disposition,retry-after";
const MAX_AGE_SECONDS = "3600";

export const isPreflight = (request: IncomingMessage): boolean =>
  request.method === "OPTIONS" &&
  request.headers.origin !== undefined &&
  request.headers["access-control-request-method"] !== undefined;

export const corsPolicy = (allowedOrigins: readonly string[], routeKeys: readonly string[]): CorsPolicy => {
  const methods = [...new Set(routeKeys.map((key) => key.split(" ")[0] ?? ""))].join(",");
  const allowed = (request: IncomingMessage) => {
    const origin = request.headers.origin;
    return origin !== undefined && (allowedOrigins.includes(origin) || allowedOrigins.includes("*"))
      ? origin
      : undefined;
  };
  return {
    preflight: (request) => {
      const origin = allowed(request);
      if (!origin) return undefined;
      return {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": methods,
        "access-control-allow-headers": ALLOW_HEADERS,
        "access-control-max-age": MAX_AGE_SECONDS,
        vary: "origin",
      };
    },
    headers: (request): Record<string, string> => {
      const origin = allowed(request);
      if (!origin) return {};
      return {
        "access-control-allow-origin": origin,
        "access-control-expose-headers": EXPOSE_HEADERS,
        vary: "origin",
      };
    },
  };
};
