import { randomUUID } from "node:crypto";

/** What the gateway knows about one HTTP request once the body has been read. */
export interface IncomingRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/photos?limit=2`. */
  url: string;
  /** Header name => values, as node:http gives them in `rawHeaders` order. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
}

export interface EventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  apiId: string;
  accountId: string;
  domainName: string;
  claims?: Record<string, string>;
  scopes?: string[] | null;
  requestId?: string;
  now?: Date;
}

/** Content types API Gateway passes as text; every other body arrives base64 encoded. */
export const isTextContentType = (contentType: string | undefined): boolean => {
  if (!contentType) return true;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    type.startsWith("text/") ||
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "application/xml" ||
    type.endsWith("+xml") ||
    type === "application/javascript" ||
    type === "application/x-www-form-urlencoded" ||
    type === "application/graphql"
  );
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** `12/Mar/2020:19:03:58 +0000`, the requestContext.time format. */
export const requestTime = (date: Date): string => {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/** Payload 2.0 joins repeated headers and query parameters with commas; cookies get their own list. */
export const buildHttpApiEvent = (request: IncomingRequest, context: EventContext) => {
  const now = context.now ?? new Date();
  const queryIndex = request.url.indexOf("?");
  const rawPath = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? "" : request.url.slice(queryIndex + 1);

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const values = Array.isArray(value) ? value : [value];
    if (lower === "cookie") {
      cookies = values.flatMap((cookie) => cookie.split(";").map((part) => part.trim())).filter(Boolean);
      continue;
    }
    headers[lower] = values.join(",");
  }

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString) {
    queryStringParameters = {};
    for (const [name, value] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[name] =
        name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
    }
  }

  const isText = isTextContentType(headers["content-type"]);
  const hasBody = request.body.length > 0;
  const requestId = context.requestId ?? randomUUID();
  const userAgent = headers["user-agent"] ?? "";

  return {
    version: "2.0",
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.claims
        ? { authorizer: { jwt: { claims: context.claims, scopes: context.scopes ?? null } } }
        : {}),
      domainName: context.domainName,
      domainPrefix: context.domainName.split(".")[0] ?? context.domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent,
      },
      requestId,
      routeKey: context.routeKey,
      stage: "$default",
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(context.pathParameters).length > 0 ? { pathParameters: context.pathParameters } : {}),
    ...(hasBody ? { body: isText ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    isBase64Encoded: hasBody && !isText,
  };
};

export type HttpApiEvent = ReturnType<typeof buildHttpApiEvent>;

export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * The function's answer as API Gateway (payload 2.0) turns it into HTTP: a structured
 * response with statusCode, or anything else as a 200 JSON body.
 */
export const toGatewayResponse = (result: unknown): GatewayResponse => {
  const structured =
    result !== null && typeof result === "object" && "statusCode" in (result as Record<string, unknown>);
  if (!structured) {
    const body = result === undefined ? "" : typeof result === "string" ? result : JSON.stringify(result);
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: Buffer.from(body),
    };
  }
  const response = result as {
    statusCode: number;
    headers?: Record<string, string | number | boolean>;
    multiValueHeaders?: Record<string, (string | number | boolean)[]>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = values.map(String).join(",");
  }
  const body = response.body === undefined || response.body === null ? "" : String(response.body);
  return {
    statusCode: Number(response.statusCode),
    headers,
    cookies: response.cookies ?? [],
    body: response.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8"),
  };
};

/**
 * Evaluates an HTTP API parameter mapping value: `$request.header.X`, `$request.querystring.X`,
 * `$request.path.X`, `$request.body` / `$request.body.a.b`, `$context.requestId`,
 * `$context.authorizer.claims.X`, `$context.identity.sourceIp`, ... alone or inside
 * `${...}` in a longer string. Anything else is a literal.
 */
export const evaluateMapping = (expression: string, event: HttpApiEvent): string => {
  const lookup = (path: string): string => {
    const [root, kind, ...rest] = path.split(".");
    const name = rest.join(".");
    if (root === "request") {
      if (kind === "header") return event.headers[name.toLowerCase()] ?? "";
      if (kind === "querystring") return event.queryStringParameters?.[name] ?? "";
      if (kind === "path") return event.pathParameters?.[name] ?? "";
      if (kind === "body") {
        const raw = event.isBase64Encoded
          ? Buffer.from(event.body ?? "", "base64").toString("utf8")
          : (event.body ?? "");
        if (!name) return raw;
        try {
          let value: unknown = JSON.parse(raw);
          for (const key of rest) value = (value as Record<string, unknown> | undefined)?.[key];
          return value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
        } catch {
          return "";
        }
      }
    }
    if (root === "context") {
      const context = event.requestContext as Record<string, unknown>;
      if (kind === "authorizer" && rest[0] === "claims") {
        return event.requestContext.authorizer?.jwt.claims[rest.slice(1).join(".")] ?? "";
      }
      if (kind === "identity" && rest[0] === "sourceIp") return event.requestContext.http.sourceIp;
      if (kind === "httpMethod") return event.requestContext.http.method;
      if (kind === "path") return event.requestContext.http.path;
      if (kind === "requestTime") return event.requestContext.time;
      if (kind === "requestTimeEpoch") return String(event.requestContext.timeEpoch);
      const value = kind ? context[kind] : undefined;
      return value === undefined || value === null ? "" : String(value);
    }
    return "";
  };
  if (expression.startsWith("$") && !expression.includes("${")) return lookup(expression.slice(1));
  return expression.replace(/\$\{([^}]+)\}/g, (_, path: string) => lookup(path));
};
