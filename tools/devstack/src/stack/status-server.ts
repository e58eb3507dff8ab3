import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalStatus } from "./status.ts";
import { statusText } from "./status-view.ts";

/** The status as JSON. */
export const STATUS_PATH = "/_local/status";
/** The status as plain-text tables (`watch curl -s …/_local/status.txt`). */
export const STATUS_TEXT_PATH = "/_local/status.txt";

const VIEWS: Record<string, { contentType: string; render: (status: LocalStatus) => string }> = {
  [STATUS_PATH]: { contentType: "application/json", render: (status) => `${JSON.stringify(status)}\n` },
  [STATUS_TEXT_PATH]: { contentType: "text/plain; charset=utf-8", render: statusText },
};

const message = (text: string): string => `${JSON.stringify({ message: text })}\n`;

/**
 * The local status on 127.0.0.1:`port` (0: a free one), without authorization: it is the
 * stack's own page, on a port of its own beside the HTTP API, which stays exactly the routes
 * Terraform declares. Each request reads the status afresh.
 */
export const serveStatus = async (
  read: () => Promise<LocalStatus>,
  port = 0,
): Promise<{ url: string; stop: () => Promise<void> }> => {
  const server = createServer((request, response) => {
    const answer = (status: number, contentType: string, body: string) => {
      response.writeHead(status, {
        "content-type": contentType,
        "content-length": Buffer.byteLength(body),
        "cache-control": "no-store",
      });
      response.end(body);
    };
    const view = VIEWS[(request.url ?? "/").split("?")[0] ?? "/"];
    if (request.method !== "GET" || !view) {
      answer(404, "application/json", message(`GET ${STATUS_PATH} or ${STATUS_TEXT_PATH}`));
      return;
    }
    read().then(
      (status) => answer(200, view.contentType, view.render(status)),
      (error: unknown) =>
        answer(503, "application/json", message(`status unreadable: ${(error as Error).message}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${STATUS_PATH}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, stop };
};
