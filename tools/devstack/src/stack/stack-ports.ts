import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { freePort } from "@shoebox/testing";

/** Whether nothing listens on 127.0.0.1:`port` right now. */
const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

const remembered = (file: string): Record<string, number> => {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
};

/**
 * The port a stack's `name` listener had the last time this work folder ran, when it is free,
 * else a new free one (remembered for the next start). Why: the local issuer is the API's URL, so
 * the owner ids the functions derive from tokens, the variables that name them (review limits) and
 * the URLs a developer bookmarked all stay the same from one start to the next; the same
 * variables let the stack restore its recorded apply (provision-cache.ts) instead of applying.
 */
export const stickyPort = async (file: string, name: string): Promise<number> => {
  const ports = remembered(file);
  const last = ports[name];
  const port = last && (await isFree(last)) ? last : await freePort();
  if (port !== last) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...remembered(file), [name]: port }, null, 2)}\n`);
  }
  return port;
};

/** Where a stack with this Terraform work folder remembers its ports: beside the folder, like its logs. */
export const stackPortsFile = (workDir: string): string => join(workDir, "..", "ports.json");
