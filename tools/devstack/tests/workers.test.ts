import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FunctionLogLine, FunctionPool } from "../src/workers.ts";
import { makeZip } from "./support/zip.ts";

const HANDLER = `
let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  if (event.action === "echo") return { event, env: { table: process.env.TABLE, endpoint: process.env.AWS_ENDPOINT_URL, fn: process.env.AWS_LAMBDA_FUNCTION_NAME }, remaining: context.getRemainingTimeInMillis(), requestId: context.awsRequestId, pid: process.pid, invocations };
  if (event.action === "throw") throw new TypeError("bad input");
  if (event.action === "sleep") { await new Promise((r) => setTimeout(r, event.ms)); return { pid: process.pid }; }
  if (event.action === "log") { console.log(JSON.stringify({ level: "INFO", message: "hello" })); return "logged"; }
  if (event.action === "exit") process.exit(3);
  if (event.action === "native") { globalThis.held = Buffer.alloc(event.mb * 1024 * 1024, 1); await new Promise((r) => setTimeout(r, 500)); return "survived"; }
  return null;
};
`;

const pools: FunctionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop(100)));
});

const makePool = async (
  options: {
    timeout?: number;
    maxConcurrency?: number;
    code?: string;
    handler?: string;
    onLog?: (line: FunctionLogLine) => void;
  } = {},
) => {
  const dir = mkdtempSync(join(tmpdir(), "devstack-fn-"));
  const zipPath = join(dir, "fn.zip");
  writeFileSync(zipPath, makeZip({ "index.mjs": options.code ?? HANDLER }));
  const pool = new FunctionPool({
    name: "demo",
    config: {
      function_name: "shoebox-local-demo",
      file: zipPath,
      handler: options.handler ?? "index.handler",
      timeout: options.timeout ?? 5,
      memory_size: 256,
      environment: { TABLE: "photos" },
    },
    zipPath,
    codeDir: join(dir, "code"),
    awsEnvironment: { AWS_ENDPOINT_URL: "http://127.0.0.1:1" },
    region: "eu-west-1",
    accountId: "123456789012",
    maxConcurrency: options.maxConcurrency ?? 2,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  await pool.prepare();
  pools.push(pool);
  return pool;
};

describe("FunctionPool", () => {
  it("runs the unpacked handler with Terraform's environment and the emulator's on top", async () => {
    const pool = await makePool();
    const result = await pool.invoke({ action: "echo" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result).toMatchObject({
      event: { action: "echo" },
      env: { table: "photos", endpoint: "http://127.0.0.1:1", fn: "shoebox-local-demo" },
      requestId: result.requestId,
    });
    expect((result.result as { remaining: number }).remaining).toBeGreaterThan(3000);
  });

  it("reuses a warm environment, one invocation at a time", async () => {
    const pool = await makePool({ maxConcurrency: 1 });
    const first = await pool.invoke({ action: "echo" });
    const second = await pool.invoke({ action: "echo" });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect((second.result as { pid: number }).pid).toBe((first.result as { pid: number }).pid);
    expect((second.result as { invocations: number }).invocations).toBe(2);
  });

  it("runs up to maxConcurrency environments in parallel", async () => {
    const pool = await makePool({ maxConcurrency: 2 });
    const started = Date.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => pool.invoke({ action: "sleep", ms: 400 })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(
      new Set(results.map((result) => (result.ok ? (result.result as { pid: number }).pid : 0))).size,
    ).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(pool.size).toBe(2);
  });

  it("reports a thrown error as a function error", async () => {
    const result = await (await makePool()).invoke({ action: "throw" });
    expect(result).toMatchObject({ ok: false, error: { errorType: "TypeError", errorMessage: "bad input" } });
  });

  it("kills an invocation that outlives the timeout, and starts a fresh environment next time", async () => {
    const pool = await makePool({ timeout: 1, maxConcurrency: 1 });
    const result = await pool.invoke({ action: "sleep", ms: 5000 });
    expect(result).toMatchObject({
      ok: false,
      error: { errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 1.00 seconds" },
    });
    const next = await pool.invoke({ action: "echo" });
    expect(next.ok ? "ok" : JSON.stringify(next.error)).toBe("ok");
  });

  it("kills an environment whose resident memory (native included) passes memory_size, as Lambda does", async () => {
    // Prepare: memory_size is 256 MB; a Buffer lives outside the JavaScript heap limit
    const pool = await makePool({ maxConcurrency: 1 });

    // Act
    const result = await pool.invoke({ action: "native", mb: 300 });

    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: { errorType: "Runtime.OutOfMemory", errorMessage: expect.stringMatching(/signal: killed/) },
    });
    expect(result.maxMemoryUsedMb).toBeGreaterThan(256);
    const next = await pool.invoke({ action: "native", mb: 50 });
    expect(next).toMatchObject({ ok: true, result: "survived" });
    expect(next.maxMemoryUsedMb).toBeGreaterThan(50);
    expect(next.maxMemoryUsedMb).toBeLessThan(256);
  });

  it("reports a crashed environment", async () => {
    const pool = await makePool({ maxConcurrency: 1 });
    const result = await pool.invoke({ action: "exit" });
    expect(result).toMatchObject({ ok: false, error: { errorType: "Runtime.ExitError" } });
    expect((await pool.invoke({ action: "echo" })).ok).toBe(true);
  });

  it("reports init errors: a missing handler or a module that throws", async () => {
    expect(await (await makePool({ handler: "index.nope" })).invoke({})).toMatchObject({
      ok: false,
      error: { errorType: "Runtime.HandlerNotFound" },
    });
    expect(await (await makePool({ handler: "missing.handler" })).invoke({})).toMatchObject({
      ok: false,
      error: { errorType: "Runtime.ImportModuleError" },
    });
    expect(await (await makePool({ code: "throw new Error('init failed');" })).invoke({})).toMatchObject({
      ok: false,
      error: { errorMessage: "init failed" },
    });
  });

  it("forwards the function's log lines", async () => {
    const lines: FunctionLogLine[] = [];
    const pool = await makePool({ onLog: (line) => lines.push(line) });
    await pool.invoke({ action: "log" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toContainEqual(
      expect.objectContaining({
        function: "demo",
        stream: "stdout",
        line: '{"level":"INFO","message":"hello"}',
      }),
    );
  });
});
