import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/*
 * The repository root has no AWS SDK of its own (pnpm links each package's dependencies into
 * that package only), so the script borrows the SQS client of the delivery agent, the
 * operator tool that already depends on it.
 */
const require = createRequire(new URL("../../packages/delivery-agent/package.json", import.meta.url));

/** @returns {Promise<typeof import("@aws-sdk/client-sqs")>} */
export const loadSqsSdk = () => import(pathToFileURL(require.resolve("@aws-sdk/client-sqs")).href);
