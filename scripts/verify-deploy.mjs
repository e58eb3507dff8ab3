#!/usr/bin/env node
/*
 * make verify-deploy: the check a pipeline runs right after `terraform apply`. Walks the real flow
 * on the deployed stack through its public API only: POST /uploads for a photo and a receipt
 * made for this run, each sent with its presigned POST, until both are PROCESSED
 * (GET /photos/{id}), the receipt workflow has STORED the receipt (GET /receipts), its thumbnail
 * downloads and its batch counts both (GET /batches/{id}). Progress goes to stderr; stdout gets
 * ONE JSON line, { ok, steps: [{ name, ms, ok, error? }], correlationId, … }; the exit status is
 * 0 only when every step passed.
 *
 *   SHOEBOX_VERIFY_TOKEN=eyJ… node scripts/verify-deploy.mjs
 *   SHOEBOX_VERIFY_TOKEN_COMMAND='./get-test-user-token.sh' make verify-deploy
 *
 * SHOEBOX_API_URL       the API's base URL (default: terraform -chdir=terraform output http_api_endpoint)
 * SHOEBOX_TERRAFORM_DIR where to run terraform output (default: the repository's terraform/)
 * SHOEBOX_VERIFY_TOKEN  a test user's bearer token (an ID or access token the API's JWT authorizer takes)
 * SHOEBOX_VERIFY_TOKEN_COMMAND  a shell command whose stdout is that token, when it is not set
 * SHOEBOX_VERIFY_WAIT_SECONDS   how long each waiting step may take (default 180)
 *
 * The API has no DELETE route: the uploads stay, named verify-deploy-<UTC time>-photo.jpg and
 * -receipt.jpg, with that name as the correlation id the upload request asks for. Delivery into
 * the customer's database is not visible through the API: STORED means the workflow handed the
 * receipt to the delivery queue (the delivery backlog alarm watches the rest).
 */
import { join } from "node:path";
import { CLEANUP_IMPOSSIBLE, verifyDeployment } from "./verify-deploy/flow.mjs";
import { StepFailed, Steps } from "./verify-deploy/steps.mjs";

const repoRoot = join(import.meta.dirname, "..");
const REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_WAIT_SECONDS = 180;

const { SHOEBOX_TERRAFORM_DIR, SHOEBOX_VERIFY_WAIT_SECONDS } = process.env;
const progress = (line) => process.stderr.write(`[verify-deploy] ${line}\n`);
const runId = `verify-deploy-${new Date().toISOString().replace(/[-:]|\.\d+/g, "")}`;
const run = { runId };
const steps = new Steps(progress);

let failure;
try {
  progress(`run ${runId}`);
  await verifyDeployment({
    steps,
    env: process.env,
    terraformDir: SHOEBOX_TERRAFORM_DIR || join(repoRoot, "terraform"),
    timeouts: {
      requestMs: REQUEST_TIMEOUT_MS,
      waitMs: (Number(SHOEBOX_VERIFY_WAIT_SECONDS) || DEFAULT_WAIT_SECONDS) * 1000,
    },
    run,
  });
} catch (error) {
  failure = error instanceof StepFailed ? error.step : "verify-deploy";
  if (!(error instanceof StepFailed)) {
    // A fault of the script itself, not of a step: still one JSON line and a failing exit.
    progress(`FAIL ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    run.error = error instanceof Error ? error.message : String(error);
  }
}
const ok = failure === undefined;
progress(`cleanup: ${CLEANUP_IMPOSSIBLE} (${run.runId})`);
progress(ok ? "deployment verified" : `deployment NOT verified: ${failure} failed`);
console.log(
  JSON.stringify({
    ok,
    ...(ok ? {} : { failed: failure }),
    ...run,
    steps: steps.records,
    cleanup: CLEANUP_IMPOSSIBLE,
  }),
);
process.exitCode = ok ? 0 : 1;
