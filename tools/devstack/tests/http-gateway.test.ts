import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type MotoServer, startMoto } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventsLog } from "../src/events-log.ts";
import { HttpGateway } from "../src/http-gateway.ts";
import { createLocalIssuer } from "../src/jwt.ts";

let moto: MotoServer;
let sqs: SQSClient;
let gateway: HttpGateway;
let queueUrl: string;
let token: string;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient({
    endpoint: moto.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "ingest" }))).QueueUrl ?? "";
  const issuer = await createLocalIssuer("http://127.0.0.1", ["shoebox-local"]);
  token = await issuer.issue("device-owner-1");
  gateway = new HttpGateway({
    routes: {
      "POST /events": {
        type: "sqs",
        queue_url: queueUrl,
        // An HTTP API mapping expression, not a template: as Terraform writes it.
        message_attributes: { ownerSub: "$" + "{context.authorizer.claims.sub}" },
      },
    },
    issuer,
    sqsFor: () => sqs,
    log: new EventsLog({ write: () => undefined }),
    invoke: () => Promise.reject(new Error("this API has no Lambda routes")),
  });
  await gateway.start();
}, 30_000);

afterAll(async () => {
  await gateway?.stop();
  sqs?.destroy();
  await moto?.stop();
});

const postEvent = async (body: string) => {
  const response = await fetch(`${gateway.url}/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  return { status: response.status, answer: (await response.json()) as { message?: string } };
};

const queuedBodies = async (): Promise<string[]> => {
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  return (received.Messages ?? []).map((message) => message.Body ?? "");
};

describe("HttpGateway, SQS-SendMessage routes", () => {
  // moto 5.2.5 queues both; SQS refuses them, and API Gateway passes its 400 on.
  it("answers 400 as SQS does for an empty body or one with a character outside SQS's set, queueing nothing", async () => {
    expect(await postEvent("")).toEqual({
      status: 400,
      answer: { message: "The request must contain the parameter MessageBody." },
    });
    expect(await postEvent('{"a":"\u0001"}')).toMatchObject({
      status: 400,
      answer: {
        message: expect.stringMatching(/^Invalid binary character '#x1' was found in the message body/),
      },
    });
    expect(await queuedBodies()).toEqual([]);
  });

  it("queues any other body as it was posted, for the consumer to judge", async () => {
    const body = '{"eventId":"e1","detail":{"n":1e400,"tab":"\t","emoji":"😀"}}';

    expect((await postEvent(body)).status).toBe(200);
    expect(await queuedBodies()).toEqual([body]);
  });
});

describe("HttpGateway, CORS as API Gateway's cors_configuration", () => {
  const SITE = "http://127.0.0.1:5173";
  let corsGateway: HttpGateway;
  let invoked = 0;

  beforeAll(async () => {
    const issuer = await createLocalIssuer("http://127.0.0.1", ["shoebox-local"]);
    token = await issuer.issue("device-owner-1");
    corsGateway = new HttpGateway({
      routes: {
        "GET /photos": { type: "lambda", function: "photos-api" },
        "POST /uploads": { type: "lambda", function: "uploads-api" },
      },
      issuer,
      corsAllowedOrigins: [SITE],
      sqsFor: () => sqs,
      log: new EventsLog({ write: () => undefined }),
      invoke: async () => {
        invoked += 1;
        return {
          ok: true,
          result: { statusCode: 200, body: '{"photos":[]}' },
          durationMs: 1,
          requestId: "r-1",
        };
      },
    });
    await corsGateway.start();
  });

  afterAll(async () => {
    await corsGateway?.stop();
  });

  const preflight = (origin: string) =>
    fetch(`${corsGateway.url}/uploads`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });

  it("answers a preflight from the site itself, before the authorizer and without invoking the function", async () => {
    const response = await preflight(SITE);

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST");
    expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(response.headers.get("access-control-max-age")).toBe("3600");
    expect(invoked).toBe(0);
  });

  it("gives a preflight from any other origin no CORS headers, so the browser refuses the call", async () => {
    const response = await preflight("http://evil.example");

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("puts the site's origin on answers to it, refusals included, and exposes Retry-After and Content-Disposition", async () => {
    const ok = await fetch(`${corsGateway.url}/photos`, {
      headers: { origin: SITE, authorization: `Bearer ${token}` },
    });
    const unauthorized = await fetch(`${corsGateway.url}/photos`, { headers: { origin: SITE } });
    const otherOrigin = await fetch(`${corsGateway.url}/photos`, {
      headers: { origin: "http://evil.example", authorization: `Bearer ${token}` },
    });

    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(ok.headers.get("access-control-expose-headers")).toBe("content-disposition,retry-after");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(otherOrigin.status).toBe(200);
    expect(otherOrigin.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("has no CORS at all without allowed origins: OPTIONS is just an unknown route", async () => {
    const response = await fetch(`${gateway.url}/events`, {
      method: "OPTIONS",
      headers: { origin: SITE, "access-control-request-method": "POST" },
    });

    expect(response.status).toBe(404);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
