import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RawRequest } from "./aws-request.ts";

/*
 * The HTTP plumbing of a proxy in front of the emulator: read a request whole, answer it (or
 * pass it on unchanged and buffer the emulator's answer). The IAM gate and the deployer audit
 * are both built on it; what they decide about a request is theirs.
 */

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export const readBody = (message: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });

/** Passes the request on unchanged (moto does not check signatures) and buffers the answer. */
export const forward = (raw: RawRequest, endpoint: string): Promise<Answer> => {
  const target = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: raw.method,
        path: raw.url,
        headers: { ...raw.headers, host: target.host },
      },
      (response) => {
        // Connection and Keep-Alive are hop-by-hop (RFC 9110 7.6.1): they describe the emulator's
        // connection, not the caller's. Passed on, moto's "Connection: close" made every SDK
        // client of the functions open a new connection to the gate for each call.
        const { connection: _, "keep-alive": __, ...headers } = response.headers;
        void readBody(response).then(
          (body) => resolve({ status: response.statusCode ?? 502, headers, body }),
          reject,
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(raw.body);
  });
};

/**
 * Serves `handle` on a free port of 127.0.0.1. `onError` says what a failed request becomes
 * in the log; the caller gets a 500 with the message.
 */
export const serveProxy = async (
  handle: (raw: RawRequest) => Promise<Answer>,
  onError: (raw: { method?: string; url?: string }, error: Error) => void,
): Promise<{ endpoint: string; stop(): Promise<void> }> => {
  const server: Server = createServer((incoming, outgoing) => {
    void readBody(incoming)
      .then((body) =>
        handle({
          method: incoming.method ?? "GET",
          url: incoming.url ?? "/",
          headers: incoming.headers,
          body,
        }),
      )
      .then(
        (answer) => {
          outgoing.writeHead(answer.status, answer.headers as Record<string, string>);
          outgoing.end(answer.body);
        },
        (error: Error) => {
          onError(incoming, error);
          outgoing.writeHead(500, { "content-type": "application/json" });
          outgoing.end(JSON.stringify({ message: error.message }));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Long polls still open would hold close() for up to 20 s: the stack is going away.
      server.closeAllConnections();
      await closed;
    },
  };
};
