import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forward, serveProxy } from "../../src/iam/proxy.ts";

/*
 * moto (werkzeug) ends every answer with "Connection: close". That header is about the
 * emulator's connection to the proxy: a caller of the proxy keeps its own connection open.
 */

let upstream: ReturnType<typeof createServer>;
let proxy: Awaited<ReturnType<typeof serveProxy>>;

beforeAll(async () => {
  upstream = createServer((_, response) => {
    response.writeHead(200, { connection: "close", "content-type": "text/plain", "x-amz-request-id": "r1" });
    response.end("moto");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await serveProxy(
    (raw) => forward(raw, endpoint),
    (_, error) => {
      throw error;
    },
  );
});

afterAll(async () => {
  await proxy.stop();
  await new Promise((resolve) => upstream.close(resolve));
});

const get = (agent: Agent) =>
  new Promise<{ reused: boolean; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const outgoing = request(`${proxy.endpoint}/queue`, { agent }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () => resolve({ reused: outgoing.reusedSocket, headers: response.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });

describe("forward", () => {
  it("passes the emulator's answer on without its hop-by-hop headers, so callers keep their connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent);
      const second = await get(agent);
      expect(first).toMatchObject({ reused: false, body: "moto" });
      expect(first.headers).toMatchObject({ "content-type": "text/plain", "x-amz-request-id": "r1" });
      expect(first.headers.connection).not.toBe("close");
      expect(second).toMatchObject({ reused: true, body: "moto" });
    } finally {
      agent.destroy();
    }
  });
});
