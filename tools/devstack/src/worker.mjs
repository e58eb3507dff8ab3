// One Lambda execution environment: a child process that loads a function from its unpacked
// deployment package (LAMBDA_TASK_ROOT, _HANDLER = "file.export") and runs one invocation at a
// time for the parent, over IPC. Plain JavaScript on purpose: it runs the built code as Lambda's
// nodejs runtime would, with nothing of the project's toolchain in between.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// Ctrl-C in a terminal reaches the whole process group: the parent decides when an environment
// ends (SIGTERM after in-flight invocations finish), so the interrupt itself is ignored here.
process.on("SIGINT", () => {});

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSpec = process.env._HANDLER ?? "index.handler";

const send = (message) => {
  if (process.connected) process.send(message);
};

const describe = (error) => ({
  errorType: error?.name ?? "Error",
  errorMessage: error?.message ?? String(error),
  stack: typeof error?.stack === "string" ? error.stack.split("\n") : [],
});

const loadHandler = async () => {
  const dot = handlerSpec.lastIndexOf(".");
  const modulePath = handlerSpec.slice(0, dot);
  const exportName = handlerSpec.slice(dot + 1);
  const file = [".mjs", ".js", ".cjs"]
    .map((extension) => join(taskRoot, modulePath + extension))
    .find(existsSync);
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${modulePath}' in ${taskRoot}`), {
      name: "Runtime.ImportModuleError",
    });
  }
  const module = await import(pathToFileURL(file).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== "function") {
    throw Object.assign(new Error(`${handlerSpec} is undefined or not exported`), {
      name: "Runtime.HandlerNotFound",
    });
  }
  return handler;
};

let current;

const context = (invocation) => ({
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: invocation.functionArn,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: invocation.requestId,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, invocation.deadline - Date.now()),
  done: () => {},
  fail: () => {},
  succeed: () => {},
});

const run = (handler, event, ctx) =>
  new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    };
    try {
      const returned = handler(event, ctx, callback);
      if (returned && typeof returned.then === "function")
        returned.then((value) => callback(null, value), callback);
      else if (handler.length < 3) callback(null, returned);
    } catch (error) {
      callback(error);
    }
  });

const crash = (error) => {
  // Lambda ends an environment whose code throws outside the invocation's promise chain.
  if (current)
    send({
      type: "result",
      id: current.id,
      ok: false,
      error: { ...describe(error), errorType: "Runtime.UnhandledPromiseRejection" },
    });
  else send({ type: "crash", error: describe(error) });
  setTimeout(() => process.exit(1), 50);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

let handler;
try {
  handler = await loadHandler();
  send({ type: "ready" });
} catch (error) {
  send({ type: "init-error", error: describe(error) });
  setTimeout(() => process.exit(1), 50);
}

process.on("message", async (message) => {
  if (message?.type !== "invoke" || !handler) return;
  current = message;
  try {
    const result = await run(handler, message.event, context(message));
    send({ type: "result", id: message.id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    send({ type: "result", id: message.id, ok: false, error: describe(error) });
  } finally {
    current = undefined;
  }
});
process.on("disconnect", () => process.exit(0));
