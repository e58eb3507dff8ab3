import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import type { LocalIssuer } from "../jwt.ts";

/** The local issuer signs in whoever posts their name here: what Cognito's hosted UI is on AWS. */
export const SIGN_IN_PATH = "/_local/sign-in";
/** Longest name taken; a name becomes the token's `sub`, hence the owner. */
const MAX_NAME_LENGTH = 64;
const MAX_SIGN_IN_BODY = 4096;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

export interface WebAppOptions {
  /** The built app (web/dist); when it is missing, every page says how to build it. */
  root: string;
  port: number;
  apiUrl: string;
  issuer: LocalIssuer;
}

/**
 * The web app on 127.0.0.1:`port`, as CloudFront serves it on AWS: the built files, and a
 * config.json of this stack's (its API and local sign-in). Also the local
 * sign-in: `POST /_local/sign-in {name}` answers `{token}` for that name, so two browsers can
 * be two users. Same origin as the app, so the sign-in needs no CORS.
 */
export const serveWebApp = async (
  options: WebAppOptions,
): Promise<{ url: string; stop: () => Promise<void> }> => {
  const url = `http://127.0.0.1:${options.port}`;
  const siteConfig = `${JSON.stringify({
    apiUrl: options.apiUrl,
    signIn: { kind: "local", url: `${url}${SIGN_IN_PATH}` },
  })}\n`;
  const answer = (response: ServerResponse, status: number, contentType: string, body: string | Buffer) => {
    response.writeHead(status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
    });
    response.end(body);
  };
  const message = (response: ServerResponse, status: number, text: string) =>
    answer(response, status, "application/json", `${JSON.stringify({ message: text })}\n`);

  const signIn = async (body: string, response: ServerResponse) => {
    const name = (() => {
      try {
        return (JSON.parse(body) as { name?: unknown }).name;
      } catch {
        return undefined;
      }
    })();
    if (typeof name !== "string" || !name.trim() || name.trim().length > MAX_NAME_LENGTH) {
      message(response, 400, `send {"name": "..."} with a name of 1 to ${MAX_NAME_LENGTH} characters`);
      return;
    }
    const token = await options.issuer.issue(name.trim());
    answer(response, 200, "application/json", `${JSON.stringify({ token })}\n`);
  };

  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/");
    if (request.method === "POST" && path === SIGN_IN_PATH) {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_SIGN_IN_BODY) chunks.push(chunk);
      });
      request.on("end", () => {
        signIn(Buffer.concat(chunks).toString("utf8"), response).catch((error: Error) =>
          message(response, 500, error.message),
        );
      });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      message(response, 405, `GET the app, or POST ${SIGN_IN_PATH}`);
      return;
    }
    if (path === "/config.json") {
      answer(response, 200, "application/json", siteConfig);
      return;
    }
    const file = normalize(join(options.root, path === "/" ? "index.html" : path));
    if (!file.startsWith(options.root + sep) || !isFile(file)) {
      if (!isFile(join(options.root, "index.html"))) {
        message(response, 503, `${options.root} has no built app: run pnpm --filter @shoebox/web build`);
      } else message(response, 404, `${path} is not part of the app`);
      return;
    }
    answer(response, 200, CONTENT_TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, stop };
};
