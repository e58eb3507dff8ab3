import type { RawRequest } from "../../src/iam/aws-request.ts";
import { serveProxy } from "../../src/iam/proxy.ts";

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

/** A 200 with an empty JSON object: enough for the SDK call to end so the request is recorded. */
export const EMPTY_JSON: CannedAnswer = {
  status: 200,
  headers: { "content-type": "application/x-amz-json-1.0" },
  body: "{}",
};

export const startWireServer = async (): Promise<WireServer> => {
  const requests: RawRequest[] = [];
  let next: CannedAnswer | ((request: RawRequest) => CannedAnswer) = EMPTY_JSON;
  // The gate's own server plumbing, answering what the test says instead of forwarding.
  const server = await serveProxy(
    async (raw) => {
      requests.push(raw);
      const answer = typeof next === "function" ? next(raw) : next;
      return { status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) };
    },
    (_incoming, error) => {
      throw error;
    },
  );
  return {
    endpoint: server.endpoint,
    requests,
    last: () => {
      const request = requests.at(-1);
      if (!request) throw new Error("the wire server has received no request");
      return request;
    },
    answer: (answer) => {
      next = answer;
    },
    close: () => server.stop(),
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
