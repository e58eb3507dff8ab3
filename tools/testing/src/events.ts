import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";

const eventsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "events");

/** A JSON event fixture from tools/testing/events/<source>/<name>.json. */
export const loadEvent = <T>(source: string, name: string): T =>
  JSON.parse(readFileSync(join(eventsDir, source, `${name}.json`), "utf8")) as T;

export interface HttpEventOptions {
  method: string;
  /** The route as Terraform declares it, e.g. `/photos/{id}`. */
  route: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: unknown;
  /** The JWT subject; the issuer stays the fixture's. */
  subject?: string;
}

/**
 * An API Gateway HTTP API (payload 2.0) event with a verified JWT, built from a real fixture.
 *
 * @example
 * const event = httpEvent({ method: "POST", route: "/uploads", body: { files: [] } });
 */
export const httpEvent = (options: HttpEventOptions): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const event = loadEvent<APIGatewayProxyEventV2WithJWTAuthorizer>("apigw", "http-api-jwt");
  const path = options.route.replace(
    /\{(\w+)\}/g,
    (_, name: string) => options.pathParameters?.[name] ?? name,
  );
  const routeKey = `${options.method} ${options.route}`;
  event.routeKey = routeKey;
  event.requestContext.routeKey = routeKey;
  event.rawPath = path;
  event.requestContext.http.method = options.method;
  event.requestContext.http.path = path;
  if (options.pathParameters) event.pathParameters = options.pathParameters;
  if (options.queryStringParameters) {
    event.queryStringParameters = options.queryStringParameters;
    event.rawQueryString = new URLSearchParams(options.queryStringParameters).toString();
  }
  if (options.body !== undefined) {
    event.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  if (options.subject) event.requestContext.authorizer.jwt.claims.sub = options.subject;
  return event;
};

/** The issuer of the fixture's token, for deriving the owner id a handler will see. */
export const fixtureIssuer = (): string =>
  String(
    loadEvent<APIGatewayProxyEventV2WithJWTAuthorizer>("apigw", "http-api-jwt").requestContext.authorizer.jwt
      .claims.iss,
  );

/** A Lambda context good enough for handlers that log it. */
export const lambdaContext = (functionName = "test-function"): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: "1024",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "2026/11/24/[$LATEST]abcdef",
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
