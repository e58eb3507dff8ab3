import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RawRequest } from "../../src/iam/aws-request.ts";

/*
 * A tiny HTTP server that records each request exactly as an SDK put it on the wire (method,
 * url, headers, body) and answers with whatever the test says: a canned success, or an error
 * answer of the gate so the real SDK's deserialiser decides what the caller sees.
 */

export interface CannedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WireServer {
  endpoint: string;
  /** Every request received so far, oldest first. */
  requests: RawRequest[];
  /** The last request received. */
  last(): RawRequest;
  /** What the next requests are answered with (until changed). */
  answer(answer: CannedAnswer | ((request: RawRequest) => CannedAnswer)): void;
  close(): Promise<void>;
}

const readBody = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });

/** A 200 with an empty JSON object: enough for the SDK call to end so the request is recorded. */
export const EMPTY_JSON: CannedAnswer = {
  status: 200,
  headers: { "content-type": "application/x-amz-json-1.0" },
  body: "{}",
};

export const startWireServer = async (): Promise<WireServer> => {
  const requests: RawRequest[] = [];
  let next: CannedAnswer | ((request: RawRequest) => CannedAnswer) = EMPTY_JSON;
  const server: Server = createServer((incoming, outgoing) => {
    void readBody(incoming).then((body) => {
      const raw: RawRequest = {
        method: incoming.method ?? "GET",
        url: incoming.url ?? "/",
        headers: incoming.headers,
        body,
      };
      requests.push(raw);
      const answer = typeof next === "function" ? next(raw) : next;
      outgoing.writeHead(answer.status, answer.headers);
      outgoing.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    last: () => {
      const request = requests.at(-1);
      if (!request) throw new Error("the wire server has received no request");
      return request;
    },
    answer: (answer) => {
      next = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Runs an SDK call whose answer does not matter (it may fail to parse): only its request does. */
export const capture = async (wire: WireServer, call: () => Promise<unknown>): Promise<RawRequest> => {
  const before = wire.requests.length;
  await call().catch(() => undefined);
  const request = wire.requests[before];
  if (!request) throw new Error("the SDK call sent no request");
  return request;
};

/** What a function's SDK client is built with: the gate's endpoint and the key it was issued. */
export const clientConfig = (wire: WireServer, accessKeyId: string, region = "eu-west-1") => ({
  endpoint: wire.endpoint,
  region,
  credentials: { accessKeyId, secretAccessKey: "secret", sessionToken: "session" },
  maxAttempts: 1,
});
