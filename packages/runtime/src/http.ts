import middy from "@middy/core";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import { CORRELATION_ID_HEADER } from "@shoebox/schemas";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import { validCorrelationId, withCorrelationId } from "./correlation.ts";
import { HttpError } from "./errors.ts";
import { ownerIdFromClaims } from "./ids.ts";
import { logger } from "./logger.ts";
import { flushMetrics } from "./metrics.ts";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** What every HTTP handler gets: the caller's owner id, the parsed body, the request's correlation id, the raw event. */
export interface HttpRequest<Body> {
  ownerId: string;
  body: Body;
  correlationId: string;
  event: HttpEvent;
}

export interface HttpHandlerOptions<BodySchema extends z.ZodType | undefined> {
  /** Validates the JSON body; leave out for requests without one. */
  body?: BodySchema;
}

type BodyOf<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** A JSON response. */
export const json = (statusCode: number, payload: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(payload),
});

/** The caller as the JWT authorizer verified it; no claims means the route was left unprotected. */
const callerOwnerId = (event: HttpEvent): string => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const issuer = claims?.iss;
  const subject = claims?.sub;
  if (typeof issuer !== "string" || typeof subject !== "string") {
    throw new HttpError(401, "missing or invalid bearer token");
  }
  return ownerIdFromClaims(issuer, subject);
};

/**
 * The request's correlation id: the client's own `X-Correlation-Id` when it is a safe token (so
 * a client, or a test, can follow an upload by an id it chose before the answer came), else
 * API Gateway's request id, which the `apigw-requestid` response header shows too. A header
 * that is not a safe token is ignored, never echoed into logs; a request id of another shape
 * (none of API Gateway's so far) gives way to Lambda's. The same event always gives the same id.
 */
const requestCorrelationId = (event: HttpEvent, context: Context): string =>
  validCorrelationId(event.headers?.[CORRELATION_ID_HEADER]) ??
  validCorrelationId(event.requestContext.requestId) ??
  context.awsRequestId;

/** Schema issues as short sentences a caller can act on: `files.0.size: Too small…`. */
export const readableIssues = (error: z.ZodError): string[] =>
  error.issues.map((issue) =>
    issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );

/**
 * Wires an HTTP API (payload 2.0) handler: JSON body parsing, schema validation with readable
 * 400s, the caller's owner id, JSON answers, and one error handler last that shows 4xx
 * messages and turns anything else into a plain 500. Each request runs in the scope of its
 * correlation id (every log line carries it), and its metrics are flushed when it ends.
 *
 * @example
 * export const handler = httpHandler({ body: UploadRequestSchema }, async ({ ownerId, body }) =>
 *   json(201, await createUploads(ownerId, body)));
 */
export const httpHandler = <BodySchema extends z.ZodType | undefined = undefined>(
  options: HttpHandlerOptions<BodySchema>,
  handle: (request: HttpRequest<BodyOf<BodySchema>>, context: Context) => Promise<APIGatewayProxyResultV2>,
) => {
  const core = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyResultV2> => {
    const ownerId = callerOwnerId(event);
    const correlationId = requestCorrelationId(event, context);
    let body: unknown;
    if (options.body) {
      const parsed = options.body.safeParse((event as { body?: unknown }).body);
      if (!parsed.success) {
        throw new HttpError(400, "the request body is invalid", readableIssues(parsed.error));
      }
      body = parsed.data;
    }
    return handle({ ownerId, body: body as BodyOf<BodySchema>, correlationId, event }, context);
  };

  const pipeline = middy<HttpEvent, APIGatewayProxyResultV2>();
  if (options.body) pipeline.use(httpJsonBodyParser());
  const wired = pipeline.use(jsonErrorHandler()).handler(core);
  return (event: HttpEvent, context: Context): Promise<APIGatewayProxyResultV2> =>
    withCorrelationId(requestCorrelationId(event, context), async () => {
      logger.addContext(context);
      try {
        return await wired(event, context);
      } finally {
        flushMetrics();
      }
    });
};

/**
 * Middy builds its errors with a `cause` naming the package. The body parser's are a body that
 * is not JSON (our API answers 400 for every unreadable body, as for a schema failure) or a
 * content type that is not JSON (415 Unsupported Media Type, kept: the client must change the
 * header, not the body).
 */
const isMalformedBody = (error: { cause?: unknown; statusCode?: number }): boolean =>
  (error.cause as { package?: string } | undefined)?.package === "@middy/http-json-body-parser" &&
  error.statusCode !== 415;

/**
 * The one error handler, last in the chain: every error answers JSON. 4xx errors show their
 * message (and schema issues, and an HttpError's own fields and headers); anything else
 * becomes a plain 500 and is logged.
 */
const jsonErrorHandler = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyResultV2> => ({
  onError: async (request) => {
    const error = request.error as
      | (Error & {
          statusCode?: number;
          expose?: boolean;
          details?: unknown;
          headers?: Record<string, string>;
          fields?: Record<string, unknown>;
        })
      | null;
    if (!error) return;
    const statusCode = isMalformedBody(error) ? 400 : (error.statusCode ?? 500);
    const exposed = statusCode >= 400 && statusCode < 500;
    if (!exposed) logger.error("request failed", error);
    request.response = {
      statusCode: exposed ? statusCode : 500,
      headers: { "content-type": "application/json", ...(exposed ? error.headers : {}) },
      body: JSON.stringify({
        message: exposed ? error.message : "Internal Server Error",
        ...(exposed && error.details ? { issues: error.details } : {}),
        ...(exposed ? error.fields : {}),
      }),
    };
  },
});
