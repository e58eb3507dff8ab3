#!/usr/bin/env node
/*
 * make dev: the whole system on this machine, no AWS account. Builds dist/ if it is missing or
 * stale, starts the moto server on a free port, applies terraform/ to it, runs the built
 * functions in local workers behind a local HTTP API and SQS pollers, and prints what happens
 * until Ctrl-C, which shuts everything down. Receipts go through the receipt workflow (run locally
 * on the functions' AWS_ENDPOINT_URL_SFN) into a local PostgreSQL (or DATABASE_URL). The counts
 * of the AWS dashboard are on a local status page, and in one [status] line whenever they change.
 * See tools/devstack/README.md.
 *
 *   node scripts/dev.mjs [--verbose] [--no-build]     # API_PORT=8080, STATUS_PORT=8081, WEB_PORT=8082 to pin ports
 */
import { spawnSync } from "node:child_process";
import { describeProvisioning, EventsLog, ensureBuilt, startStack } from "@shoebox/devstack";

const { VERBOSE, DEVSTACK_MANIFEST } = process.env;
/** How often the one-line status is read; it is printed only when it changed. */
const STATUS_EVERY_SECONDS = 5;
const args = new Set(process.argv.slice(2));
const verbose = args.has("--verbose") || args.has("-v") || VERBOSE === "1";

const main = async () => {
  if (!args.has("--no-build")) {
    ensureBuilt();
    // The web app is a few seconds of Vite; its config.json comes from the stack, not the build.
    const web = spawnSync("pnpm", ["--filter", "@shoebox/web", "run", "build"], { stdio: "inherit" });
    if (web.status !== 0) throw new Error("the web app did not build (pnpm --filter @shoebox/web run build)");
  }
  const log = new EventsLog({ level: verbose ? "debug" : "info" });
  const started = Date.now();
  const stack = await startStack({
    log,
    functionInfoLevel: verbose ? "info" : "debug",
    statusEverySeconds: STATUS_EVERY_SECONDS,
    ...(DEVSTACK_MANIFEST ? { manifest: DEVSTACK_MANIFEST } : {}),
  });
  const token = await stack.token("local-developer");
  const api = stack.apiUrl;
  const routes = Object.keys(stack.config.http_api.routes);
  console.log(
    [
      "",
      `  shoebox is running locally (ready in ${((Date.now() - started) / 1000).toFixed(0)} s; ${describeProvisioning(stack.provisioning)})`,
      "",
      `  web app   ${stack.webUrl}   (sign in with any name; two browsers, two names: two users)`,
      `  API       ${api}   (CORS for ${stack.webUrl})`,
      `  routes    ${routes.join(", ")}`,
      `  status    ${stack.statusUrl}   (local only, no token: the AWS dashboard's counts as JSON; ${stack.statusUrl}.txt as tables)`,
      `  emulator  ${stack.motoEndpoint}   (AWS_ENDPOINT_URL=${stack.motoEndpoint} aws s3 ls ...; dashboard ${stack.motoEndpoint}/moto-api/)`,
      `  buckets   ${Object.values(stack.config.buckets).join(", ")}`,
      `  workflows ${Object.keys(stack.config.state_machines).join(", ") || "none"} on ${stack.sfnEndpoint}`,
      `  IAM gate  ${stack.gate.endpoint}   (every AWS call of the functions, the workflow and the API, with its role's credentials; DENIED lines name what a policy lacks)`,
      `  database  ${stack.database.url}   (receipt-delivery's database, via its secret${stack.database.managed ? "; local trust auth, no password" : ", from DATABASE_URL"})`,
      `            psql ${stack.database.url} -c 'SELECT receipt_id, merchant, total_minor, currency FROM shoebox_receipts'`,
      "",
      "  token (valid 12 h):",
      `  export TOKEN=${token}`,
      "",
      `  curl -s -H "authorization: Bearer $TOKEN" ${api}/photos`,
      `  curl -s -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `       -d '{"files":[{"name":"cat.jpg","contentType":"image/jpeg","size":12345}]}' ${api}/uploads`,
      `  curl -s -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `       -d '{"eventId":"e-1","source":"curl","type":"hello","occurredAt":"${new Date().toISOString()}"}' ${api}/events`,
      "",
      `  SHOEBOX_API_URL=${api} SHOEBOX_VERIFY_TOKEN=$TOKEN node scripts/verify-deploy.mjs   # the post-deploy check, here`,
      "",
      "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) {
      console.log("\nforced exit");
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: shutting down (Ctrl-C again to force)`);
    await stack.stop();
    console.log("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
};

main().catch((error) => {
  console.error(`make dev failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
