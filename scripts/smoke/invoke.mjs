/*
 * Runs inside a fresh Node process, like a Lambda cold start: imports the function's
 * index.mjs, calls `handler` once, and writes what happened as JSON to a result file (stdout
 * stays the function's own, for its logs).
 *
 *   node --enable-source-maps invoke.mjs <task dir> <request.json> <result.json>
 * request.json: { "functionName": "...", "event": {...} }
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [taskDir, requestFile, resultFile] = process.argv.slice(2);
const { functionName, event, timeoutMs } = JSON.parse(readFileSync(requestFile, "utf8"));

const report = (outcome) => {
  writeFileSync(resultFile, JSON.stringify(outcome));
  process.exit(0);
};
const describe = (error) => (error instanceof Error ? (error.stack ?? String(error)) : JSON.stringify(error));

const loadStarted = performance.now();
let exported;
try {
  exported = await import(pathToFileURL(path.join(taskDir, "index.mjs")).href);
} catch (error) {
  report({ stage: "load", error: describe(error) });
}
const loadMs = performance.now() - loadStarted;
if (typeof exported.handler !== "function") {
  report({ stage: "load", loadMs, error: "index.mjs does not export a function named handler" });
}

const deadline = Date.now() + timeoutMs;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: "1024",
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "2025/01/01/[$LATEST]smoke",
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

// Written before the call too, so a handler that never answers still shows that it loaded.
writeFileSync(resultFile, JSON.stringify({ stage: "loaded", loadMs }));
const invokeStarted = performance.now();
try {
  const result = await exported.handler(event, context);
  report({ stage: "done", loadMs, invokeMs: performance.now() - invokeStarted, result: result ?? null });
} catch (error) {
  report({ stage: "invoke", loadMs, invokeMs: performance.now() - invokeStarted, error: describe(error) });
}
