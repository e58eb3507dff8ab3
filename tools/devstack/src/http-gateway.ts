import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { buildHttpApiEvent, evaluateMapping, type HttpApiEvent, toGatewayResponse } from "./apigw-event.ts";
import { type CorsPolicy, corsPolicy, isPreflight } from "./cors.ts";
import type { EventsLog } from "./events-log.ts";
import type { LocalIssuer } from "./jwt.ts";
import { type CompiledRoute, compileRoutes, matchRoute } from "./routes.ts";
import type { Route } from "./runtime-config.ts";
import type { InvokeResult } from "./workers.ts";

/** API Gateway refuses payloads over 10 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The HTTP API's longest integration timeout. */
const INTEGRATION_TIMEOUT_MS = 30_000;
/** Characters outside the set SQS accepts in a message body (XML 1.0's). */
const SQS_FORBIDDEN_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * SQS's answer to a message body it refuses and moto 5.2.5 accepts: empty, or holding a
 * character outside its set. API Gateway passes SQS's 400 on to the caller.
 */
const sqsBodyRefusal = (body: string): string | undefined => {
  if (body === "") return "The request must contain the parameter MessageBody.";
  const forbidden = SQS_FORBIDDEN_CHARACTER.exec(body)?.[0].codePointAt(0);
  if (forbidden === undefined) return undefined;
  return `Invalid binary character '#x${forbidden.toString(16).toUpperCase()}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`;
};

export interface HttpGatewayOptions {
  routes: Record<string, Route>;
  issuer: LocalIssuer;
  invoke: (functionKey: string, event: HttpApiEvent) => Promise<InvokeResult>;
  /** The SQS client of a route: API Gateway sends with the route's credentials role. */
  sqsFor: (route: Extract<Route, { type: "sqs" }>) => SQSClient;
  log: EventsLog;
  /** Terraform's cors_allowed_origins; none (the default) means no CORS, as in API Gateway. */
  corsAllowedOrigins?: readonly string[];
  /** From Terraform's endpoint: https://<apiId>.execute-api.<region>.amazonaws.com */
  apiId?: string;
  accountId?: string;
  domainName?: string;
  host?: string;
  port?: number;
}

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on("error", reject);
  });

const headersOf = (request: IncomingMessage): Record<string, string[]> => {
  const headers: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? "").toLowerCase();
    const values = headers[name] ?? [];
    values.push(request.rawHeaders[index + 1] ?? "");
    headers[name] = values;
  }
  return headers;
};

/**
 * The HTTP API on localhost: serves exactly the routes Terraform declares, each behind the JWT
 * authorizer, turning requests into payload 2.0 events for Lambda routes and into SendMessage
 * calls for SQS-SendMessage routes. It also publishes the local issuer's JWKS and OpenID
 * configuration, since the issuer lives at the same address.
 */
export class HttpGateway {
  private readonly options: HttpGatewayOptions;
  private readonly routes: CompiledRoute<Route>[];
  private readonly cors: CorsPolicy | undefined;
  private server?: Server;
  url = "";

  constructor(options: HttpGatewayOptions) {
    this.options = options;
    this.routes = compileRoutes(options.routes);
    const origins = options.corsAllowedOrigins ?? [];
    this.cors = origins.length > 0 ? corsPolicy(origins, Object.keys(options.routes)) : undefined;
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        this.options.log.error("api", `internal error: ${(error as Error).stack ?? error}`);
        if (!response.headersSent) this.send(response, 500, { message: "Internal Server Error" });
        else response.end();
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? "127.0.0.1"}:${address.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private send(
    response: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ): void {
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "apigw-requestid": randomUUID(),
      ...headers,
    });
    response.end(body);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (request.method ?? "GET").toUpperCase();
    const url = request.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const { log, issuer } = this.options;
    const done = (status: number, detail = "") =>
      log.info("api", `${method} ${path} ${status} (${Date.now() - started} ms)${detail}`, {
        method,
        path,
        status,
      });

    if (this.cors) {
      // Before the routes and the authorizer, as API Gateway does: a preflight carries no token.
      if (isPreflight(request)) {
        await readBody(request);
        const headers = this.cors.preflight(request);
        response.writeHead(204, { ...headers, "apigw-requestid": randomUUID() });
        response.end();
        done(204, headers ? " (CORS preflight)" : " (CORS preflight from an origin not allowed)");
        return;
      }
      for (const [name, value] of Object.entries(this.cors.headers(request))) response.setHeader(name, value);
    }

    if (method === "GET" && path === "/.well-known/jwks.json") {
      this.send(response, 200, issuer.jwks);
      return;
    }
    if (method === "GET" && path === "/.well-known/openid-configuration") {
      this.send(response, 200, {
        issuer: issuer.issuer,
        jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
      return;
    }

    const match = matchRoute(this.routes, method, path);
    if (!match) {
      await readBody(request);
      this.send(response, 404, { message: "Not Found" });
      done(404, " (no such route)");
      return;
    }
    const verified = await issuer.verify(request.headers.authorization);
    if (!verified.ok) {
      await readBody(request);
      this.send(
        response,
        401,
        { message: "Unauthorized" },
        {
          "www-authenticate": `Bearer error="invalid_token" error_description="${verified.reason.replaceAll('"', "'")}"`,
        },
      );
      done(401, ` (${verified.reason})`);
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      this.send(response, 413, { message: "Request Entity Too Large" });
      done(413);
      return;
    }
    const domainName = this.options.domainName ?? request.headers.host ?? "localhost";
    const event = buildHttpApiEvent(
      {
        method,
        url,
        headers: headersOf(request),
        body,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      },
      {
        routeKey: match.route.key,
        pathParameters: match.pathParameters,
        apiId: this.options.apiId ?? "local",
        accountId: this.options.accountId ?? "123456789012",
        domainName,
        claims: verified.claims,
        scopes: verified.scopes,
      },
    );
    const target = match.route.target;
    const requestIdHeader = { "apigw-requestid": event.requestContext.requestId };

    if (target.type === "sqs") {
      await this.sendToQueue(target, event, response, requestIdHeader);
      done(response.statusCode, ` -> sqs ${target.queue_url.split("/").pop()}`);
      return;
    }

    const invocation = await Promise.race([
      this.options.invoke(target.function, event),
      new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), INTEGRATION_TIMEOUT_MS).unref(),
      ),
    ]);
    if (invocation === "timeout") {
      this.send(response, 503, { message: "Service Unavailable" }, requestIdHeader);
      done(503, ` -> ${target.function} (integration timeout)`);
      return;
    }
    if (!invocation.ok) {
      this.send(response, 500, { message: "Internal Server Error" }, requestIdHeader);
      log.error(target.function, `${invocation.error.errorType}: ${invocation.error.errorMessage}`);
      done(500, ` -> ${target.function}`);
      return;
    }
    let reply: ReturnType<typeof toGatewayResponse>;
    try {
      reply = toGatewayResponse(invocation.result);
    } catch {
      this.send(response, 500, { message: "Internal Server Error" }, requestIdHeader);
      done(500, ` -> ${target.function} (malformed Lambda response)`);
      return;
    }
    const headers: Record<string, string | string[]> = {
      ...reply.headers,
      ...requestIdHeader,
      "content-length": String(reply.body.length),
    };
    if (reply.cookies.length > 0) headers["set-cookie"] = reply.cookies;
    response.writeHead(reply.statusCode, headers);
    response.end(reply.body);
    done(reply.statusCode, ` -> ${target.function} (${invocation.durationMs} ms in the function)`);
  }

  private async sendToQueue(
    target: Extract<Route, { type: "sqs" }>,
    event: HttpApiEvent,
    response: ServerResponse,
    headers: Record<string, string>,
  ): Promise<void> {
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? "", "base64").toString("utf8")
      : (event.body ?? "");
    const refusal = sqsBodyRefusal(body);
    if (refusal !== undefined) {
      this.options.log.warn("api", `SendMessage to ${target.queue_url} refused: ${refusal}`);
      this.send(response, 400, { message: refusal }, headers);
      return;
    }
    const attributes = Object.fromEntries(
      Object.entries(target.message_attributes ?? {})
        .map(([name, mapping]) => {
          const expression = typeof mapping === "string" ? mapping : mapping.StringValue;
          const dataType = typeof mapping === "string" ? "String" : (mapping.DataType ?? "String");
          return [name, { DataType: dataType, StringValue: evaluateMapping(expression, event) }] as const;
        })
        .filter(([, value]) => value.StringValue !== ""),
    );
    try {
      const result = await this.options.sqsFor(target).send(
        new SendMessageCommand({
          QueueUrl: target.queue_url,
          MessageBody: body,
          ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
        }),
      );
      this.send(
        response,
        200,
        {
          SendMessageResponse: {
            ResponseMetadata: { RequestId: result.$metadata.requestId ?? randomUUID() },
            SendMessageResult: {
              MD5OfMessageAttributes: result.MD5OfMessageAttributes ?? null,
              MD5OfMessageBody: result.MD5OfMessageBody ?? null,
              MD5OfMessageSystemAttributes: null,
              MessageId: result.MessageId ?? null,
              SequenceNumber: result.SequenceNumber ?? null,
            },
          },
        },
        headers,
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500;
      const clientError = status >= 400 && status < 500;
      this.options.log.warn("api", `SendMessage to ${target.queue_url} failed: ${(error as Error).message}`);
      this.send(
        response,
        clientError ? 400 : 500,
        { message: clientError ? (error as Error).message : "Internal Server Error" },
        headers,
      );
    }
  }
}
