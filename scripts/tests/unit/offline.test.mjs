import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invokeInFreshProcess } from "../../smoke/fresh-process.mjs";

/*
 * The smoke test's child has no network beyond this machine (smoke/offline.mjs): a handler that
 * reaches out, from the main thread or a worker thread, is refused at once and reported.
 * 192.0.2.1 is TEST-NET-1 (RFC 5737): nothing answers there, so nothing is sent anywhere.
 */
const handlerThatReachesOut = `
import { Worker } from "node:worker_threads";
const outcome = (promise) => promise.then(() => "connected", (error) => error.cause?.code ?? error.code);
export const handler = async ({ url, loopbackPort }) => {
  const worker = new Worker(new URL("./worker.cjs", import.meta.url), { workerData: url });
  const fromWorker = await new Promise((resolve) => worker.once("message", resolve));
  return {
    fromMain: await outcome(fetch(url)),
    fromWorker,
    loopback: await outcome(fetch(\`http://127.0.0.1:\${loopbackPort}/\`)),
  };
};
`;
const workerThatReachesOut = `
const { parentPort, workerData } = require("node:worker_threads");
fetch(workerData).then(() => parentPort.postMessage("connected"), (error) => parentPort.postMessage(error.cause?.code));
`;

let taskDir;
let loopback;

beforeAll(async () => {
  taskDir = await mkdtemp(path.join(tmpdir(), "offline-test-"));
  await writeFile(path.join(taskDir, "index.mjs"), handlerThatReachesOut);
  await writeFile(path.join(taskDir, "worker.cjs"), workerThatReachesOut);
  // A local server that answers every connection with a bare HTTP response.
  loopback = createServer((socket) => socket.end("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
  await new Promise((resolve) => loopback.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  loopback?.close();
  if (taskDir) await rm(taskDir, { recursive: true, force: true });
});

describe("the smoke test's child runs with no network", () => {
  it("refuses connections beyond this machine, from a worker thread too, and reports each", async () => {
    // Act
    const run = await invokeInFreshProcess({
      taskDir,
      functionName: "reaches-out",
      event: { url: "http://192.0.2.1:8080/traineddata", loopbackPort: loopback.address().port },
      env: { PATH: process.env.PATH },
      timeoutMs: 10_000,
    });

    // Assess
    expect(run.stage).toBe("done");
    expect(run.result).toEqual({ fromMain: "ENETUNREACH", fromWorker: "ENETUNREACH", loopback: "connected" });
    expect(run.networkRefusals).toEqual([
      "offline: refused a connection to 192.0.2.1:8080 (the function runs with no network)",
      "offline: refused a connection to 192.0.2.1:8080 (the function runs with no network)",
    ]);
  });

  it("refuses a name lookup: nothing is asked of a DNS server", async () => {
    // Prepare
    const lookupDir = await mkdtemp(path.join(tmpdir(), "offline-lookup-"));
    await writeFile(
      path.join(lookupDir, "index.mjs"),
      'import dns from "node:dns/promises";\n' +
        'export const handler = () => dns.lookup("cdn.jsdelivr.net").then(() => "resolved", (error) => error.code);\n',
    );

    // Act
    const run = await invokeInFreshProcess({
      taskDir: lookupDir,
      functionName: "lookup",
      event: {},
      env: {},
    });
    await rm(lookupDir, { recursive: true, force: true });

    // Assess
    expect(run.result).toBe("ENETUNREACH");
    expect(run.networkRefusals).toEqual([
      "offline: refused a DNS lookup of cdn.jsdelivr.net (the function runs with no network)",
    ]);
  });
});
