import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stickyPort } from "../src/stack/stack-ports.ts";

const listening: Server[] = [];
const occupy = (port: number) =>
  new Promise<void>((resolve) => {
    const server = createServer();
    listening.push(server);
    server.listen(port, "127.0.0.1", resolve);
  });

afterEach(async () => {
  await Promise.all(listening.splice(0).map((server) => new Promise((done) => server.close(done))));
});

describe("stickyPort", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), "stack-ports-")), "ports.json");

  it("gives a start the port of the last one, per listener", async () => {
    const ports = file();
    const api = await stickyPort(ports, "api");
    const web = await stickyPort(ports, "web");
    expect(web).not.toBe(api);
    expect(await stickyPort(ports, "api")).toBe(api);
    expect(await stickyPort(ports, "web")).toBe(web);
    expect(JSON.parse(readFileSync(ports, "utf8"))).toEqual({ api, web });
  });

  it("takes a new port when the remembered one is in use, and remembers that one", async () => {
    const ports = file();
    const first = await stickyPort(ports, "api");
    await occupy(first);
    const second = await stickyPort(ports, "api");
    expect(second).not.toBe(first);
    expect(JSON.parse(readFileSync(ports, "utf8"))).toEqual({ api: second });
  });
});
