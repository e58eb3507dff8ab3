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
