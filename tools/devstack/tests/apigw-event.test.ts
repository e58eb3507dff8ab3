import { describe, expect, it } from "vitest";
import {
  buildHttpApiEvent,
  evaluateMapping,
  isTextContentType,
  requestTime,
  toGatewayResponse,
} from "../src/apigw-event.ts";

const context = {
  routeKey: "GET /photos/{id}",
  pathParameters: { id: "01ABC" },
  apiId: "abc123",
  accountId: "123456789012",
  domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
  claims: { iss: "http://127.0.0.1:4000", sub: "user-1" },
  scopes: null,
  requestId: "req-1",
  now: new Date("2024-03-12T19:03:58.123Z"),
};

describe("buildHttpApiEvent (payload 2.0)", () => {
  it("builds the event API Gateway sends, with the JWT claims", () => {
    const event = buildHttpApiEvent(
      {
        method: "get",
        url: "/photos/01ABC?limit=2&tag=a&tag=b",
        headers: { Host: "localhost", "User-Agent": "curl/8", "X-Multi": ["1", "2"], Cookie: "a=1; b=2" },
        body: Buffer.alloc(0),
        sourceIp: "127.0.0.1",
      },
      context,
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /photos/{id}",
      rawPath: "/photos/01ABC",
      rawQueryString: "limit=2&tag=a&tag=b",
      cookies: ["a=1", "b=2"],
      headers: { host: "localhost", "user-agent": "curl/8", "x-multi": "1,2" },
      queryStringParameters: { limit: "2", tag: "a,b" },
      pathParameters: { id: "01ABC" },
      isBase64Encoded: false,
      requestContext: {
        accountId: "123456789012",
        apiId: "abc123",
        authorizer: { jwt: { claims: { iss: "http://127.0.0.1:4000", sub: "user-1" }, scopes: null } },
        domainPrefix: "abc123",
        http: {
          method: "GET",
          path: "/photos/01ABC",
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: "curl/8",
        },
        requestId: "req-1",
        routeKey: "GET /photos/{id}",
        stage: "$default",
        time: "12/Mar/2024:19:03:58 +0000",
        timeEpoch: Date.parse("2024-03-12T19:03:58.123Z"),
      },
    });
    expect(event).not.toHaveProperty("body");
    expect(event.headers).not.toHaveProperty("cookie");
  });

  it("passes JSON bodies as text and binary bodies base64 encoded", () => {
    const json = buildHttpApiEvent(
      {
        method: "POST",
        url: "/uploads",
        headers: { "content-type": "application/json" },
        body: Buffer.from('{"a":1}'),
        sourceIp: "::1",
      },
      { ...context, pathParameters: {} },
    );
    expect(json.body).toBe('{"a":1}');
    expect(json.isBase64Encoded).toBe(false);
    expect(json).not.toHaveProperty("pathParameters");
    expect(json).not.toHaveProperty("queryStringParameters");

    const binary = buildHttpApiEvent(
      {
        method: "POST",
        url: "/x",
        headers: { "content-type": "image/png" },
        body: Buffer.from([0x89, 0x50]),
        sourceIp: "::1",
      },
      context,
    );
    expect(binary.body).toBe(Buffer.from([0x89, 0x50]).toString("base64"));
    expect(binary.isBase64Encoded).toBe(true);
  });

  it("knows which content types are text", () => {
    expect(isTextContentType("application/json; charset=utf-8")).toBe(true);
    expect(isTextContentType("application/vnd.api+json")).toBe(true);
    expect(isTextContentType("text/plain")).toBe(true);
    expect(isTextContentType("multipart/form-data; boundary=x")).toBe(false);
    expect(isTextContentType("application/octet-stream")).toBe(false);
  });

  it("formats requestContext.time as API Gateway does", () => {
    expect(requestTime(new Date("2020-01-02T03:04:05Z"))).toBe("02/Jan/2020:03:04:05 +0000");
  });
});

describe("toGatewayResponse", () => {
  it("uses a structured response as it is", () => {
    const response = toGatewayResponse({
      statusCode: 201,
      headers: { "Content-Type": "application/json", "X-N": 3 },
      body: '{"ok":true}',
      cookies: ["s=1"],
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ "content-type": "application/json", "x-n": "3" });
    expect(response.cookies).toEqual(["s=1"]);
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it("decodes base64 bodies", () => {
    expect(
      toGatewayResponse({
        statusCode: 200,
        body: Buffer.from("hi").toString("base64"),
        isBase64Encoded: true,
      }).body.toString(),
    ).toBe("hi");
  });

  it("turns anything without statusCode into a 200 JSON body", () => {
    const response = toGatewayResponse({ photos: [] });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.body.toString()).toBe('{"photos":[]}');
  });
});

describe("evaluateMapping", () => {
  const event = buildHttpApiEvent(
    {
      method: "POST",
      url: "/events?src=q",
      headers: { "content-type": "application/json", "x-trace": "t-1" },
      body: Buffer.from('{"a":{"b":"c"}}'),
      sourceIp: "10.0.0.1",
    },
    { ...context, routeKey: "POST /events", pathParameters: {} },
  );

  it("resolves request and context values", () => {
    const claim = "$" + "{context.authorizer.claims.sub}";
    expect(evaluateMapping(claim, event)).toBe("user-1");
    expect(evaluateMapping("$context.authorizer.claims.sub", event)).toBe("user-1");
    expect(evaluateMapping("$request.header.X-Trace", event)).toBe("t-1");
    expect(evaluateMapping("$request.querystring.src", event)).toBe("q");
    expect(evaluateMapping("$request.body", event)).toBe('{"a":{"b":"c"}}');
    expect(evaluateMapping("$request.body.a.b", event)).toBe("c");
    expect(evaluateMapping("$context.requestId", event)).toBe("req-1");
    expect(evaluateMapping("$context.identity.sourceIp", event)).toBe("10.0.0.1");
  });

  it("interpolates inside literals and keeps plain literals", () => {
    expect(evaluateMapping("owner-$" + "{context.authorizer.claims.sub}-x", event)).toBe("owner-user-1-x");
    expect(evaluateMapping("static", event)).toBe("static");
  });
});
