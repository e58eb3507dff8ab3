import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventsLog } from "../events-log.ts";
import { repoRoot } from "../repo-root.ts";
import { parseAwsRequest } from "./aws-request.ts";
import { deployActionOf } from "./deploy-actions.ts";
import { forward, serveProxy } from "./proxy.ts";

/*
 * The deploying role's policy (terraform/deployer-policy.json), checked by use: Terraform
 * applies the configuration through this proxy, which names the IAM action of every call the
 * provider makes, and the apply is held to the policy. Action by action, not resource by
 * resource: the policy's name patterns are checked by terraform/tests/deployer_policy_check.py.
 */

export const DEPLOYER_POLICY = join(repoRoot, "terraform", "deployer-policy.json");

interface ComparePolicyActions {
  comparePolicyActions: (
    awsActions: { required: string[] },
    documents: unknown[],
  ) => { missing: string[]; unused: string[] };
}

export interface DeployAudit {
  endpoint: string;
  /** Every action the provider's calls needed, with how often. */
  actions: Map<string, number>;
  /** The actions the policy does not allow, sorted. */
  missing(): Promise<string[]>;
  stop(): Promise<void>;
}

export const startDeployAudit = async (options: {
  endpoint: string;
  log: EventsLog;
  policyFile?: string;
}): Promise<DeployAudit> => {
  const actions = new Map<string, number>();
  const proxy = await serveProxy(
    async (raw) => {
      const action = deployActionOf(parseAwsRequest(raw), raw.url, raw.method);
      if (action) actions.set(action, (actions.get(action) ?? 0) + 1);
      return forward(raw, options.endpoint);
    },
    (incoming, error) =>
      options.log.error(
        "terraform",
        `deploy audit failed on ${incoming.method} ${incoming.url}: ${error.message}`,
      ),
  );
  return {
    endpoint: proxy.endpoint,
    actions,
    missing: async () => {
      const policy = JSON.parse(readFileSync(options.policyFile ?? DEPLOYER_POLICY, "utf8")) as unknown;
      // The build's action matcher (wildcards, NotAction), plain JavaScript shared with scripts/.
      const { comparePolicyActions } = (await import(
        join(repoRoot, "scripts", "build", "iam-policy.mjs")
      )) as ComparePolicyActions;
      return comparePolicyActions({ required: [...actions.keys()] }, [policy]).missing;
    },
    stop: () => proxy.stop(),
  };
};
