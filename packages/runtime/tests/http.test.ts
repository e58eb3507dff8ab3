import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { HttpError, httpHandler, json } from "../src/index.ts";

const event = (
  body?: string,
  claims: Record<string, string> = { iss: "https://i.example.com/", sub: "u1" },
) =>
  ({
    version: "2.0",
    routeKey: "POST /things",
    rawPath: "/things",
    headers: { "content-type": "application/json" },
    requestContext: { authorizer: { jwt: { claims, scopes: null } }, http: { method: "POST" } },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const context = {} as Context;
const call = async (handler: ReturnType<typeof httpHandler>, e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const response = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
};

describe("httpHandler", () => {
  const echo = httpHandler({ body: z.object({ name: z.string().min(1) }) }, async ({ ownerId, body }) =>
    json(200, { ownerId, name: body.name }),
  );

  it("passes the parsed body and the caller's owner id", async () => {
    const { status, body } = await call(echo, event('{"name":"shoebox"}'));

    expect(status).toBe(200);
    expect(body).toEqual({ ownerId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: "shoebox" });
  });

  it("answers 400 with the body parser's message for malformed JSON", async () => {
    expect(await call(echo, event("{nope"))).toMatchObject({
      status: 400,
      body: { message: expect.any(String) },
    });
  });

  it("answers 415 for a body that is not declared as JSON, so the client knows to fix the header", async () => {
    const textBody = { ...event('{"name":"shoebox"}'), headers: { "content-type": "text/plain" } };
    expect(await call(echo, textBody as APIGatewayProxyEventV2WithJWTAuthorizer)).toMatchObject({
      status: 415,
      body: { message: expect.stringMatching(/unsupported media type/i) },
    });
  });

  it("answers 400 with readable schema issues", async () => {
    expect(await call(echo, event('{"name":""}'))).toEqual({
      status: 400,
      body: { message: "the request body is invalid", issues: [expect.stringMatching(/^name: /)] },
    });
  });

  it("answers 401 when the authorizer passed no claims", async () => {
    expect((await call(echo, event('{"name":"x"}', {}))).status).toBe(401);
  });

  it("shows a 4xx error's message but turns anything else into a plain 500", async () => {
    const notFound = httpHandler({}, async () => {
      throw new HttpError(404, "photo not found");
    });
    const broken = httpHandler({}, async () => {
      throw new Error("connection string with a password");
    });

    expect(await call(notFound, event())).toEqual({ status: 404, body: { message: "photo not found" } });
    expect(await call(broken, event())).toEqual({ status: 500, body: { message: "Internal Server Error" } });
  });
});
