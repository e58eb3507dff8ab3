// @cloud-copilot/iam-simulate is AGPL-3.0: it is used here, in local tooling only, and never
// reaches a Lambda zip (scripts/build.mjs bundles functions/ alone).
import { runSimulation, type SimulationErrors } from "@cloud-copilot/iam-simulate";
import type { AccountModel, PolicyDocument } from "./account-model.ts";
import type { Check } from "./request-checks.ts";

/** Who is calling: an assumed role session (a function, the workflow, API Gateway) or a service. */
export interface Principal {
  /** Shown in the log: the function key, "receipt-workflow", "api-gateway". */
  label: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, or a service principal. */
  arn: string;
  roleArn?: string;
}

export interface Denial {
  principal: Principal;
  action: string;
  resource: string;
  /** AWS's own wording: "User: ... is not authorized to perform: ... because ...". */
  message: string;
  impliedBy?: string;
}

const because = (
  principal: Principal,
  result: string,
  identity: string | undefined,
  resource: string | undefined,
  action: string,
) => {
  if (result === "ExplicitlyDenied") {
    return identity === "ExplicitlyDenied"
      ? "with an explicit deny in an identity-based policy"
      : "with an explicit deny in a resource-based policy";
  }
  // A service principal has no identity policies: only the resource's policy could allow it.
  const isService = !principal.arn.startsWith("arn:");
  const resourceLacks =
    identity === "Allowed" && resource && resource !== "NotApplicable" && !resource.startsWith("Allowed");
  if (isService || resourceLacks) return `because no resource-based policy allows the ${action} action`;
  return `because no identity-based policy allows the ${action} action`;
};

/** What is wrong with which policy, from iam-simulate's validation errors. */
const policyErrors = (errors: SimulationErrors): string => {
  const named = Object.entries(errors.identityPolicyErrors ?? {}).map(
    ([name, list]) => [name, list] as const,
  );
  if (errors.resourcePolicyErrors?.length) named.push(["the resource policy", errors.resourcePolicyErrors]);
  const details = named.flatMap(([name, list]) =>
    list.map((error) => `${name}: ${error.path} ${error.message}`),
  );
  return details.length > 0 ? details.join("; ") : errors.message;
};

/**
 * Evaluates one check as IAM does: identity policies, the resource's policy (a key policy for
 * KMS, which must allow the account or the caller), explicit denies first, conditions with
 * the request's context.
 */
export const evaluate = async (
  model: AccountModel,
  principal: Principal,
  identityPolicies: Array<{ name: string; policy: PolicyDocument }>,
  check: Check,
): Promise<Denial | undefined> => {
  const now = new Date();
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: check.action,
        resource: { resource: check.resource, accountId: model.accountId },
        contextVariables: {
          "aws:SecureTransport": "true",
          "aws:RequestedRegion": model.region,
          "aws:CurrentTime": now.toISOString(),
          "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
          "aws:PrincipalAccount": model.accountId,
          ...(principal.roleArn ? { "aws:PrincipalArn": principal.roleArn } : {}),
          ...check.context,
        },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error") {
    return {
      principal,
      action: check.action,
      resource: check.resource,
      message: `the local IAM evaluator could not read a policy for ${check.action} on ${check.resource}: ${policyErrors(result.errors)}`,
    };
  }
  if (result.overallResult === "Allowed") return undefined;
  const analysis = result.resultType === "single" ? result.result.analysis : result.results[0]?.analysis;
  const reason = because(
    principal,
    result.overallResult,
    analysis?.identityAnalysis?.result,
    analysis?.resourceAnalysis?.result,
    check.action,
  );
  return {
    principal,
    action: check.action,
    resource: check.resource,
    message: `User: ${principal.arn} is not authorized to perform: ${check.action} on resource: ${check.resource} ${reason}`,
    ...(check.impliedBy ? { impliedBy: check.impliedBy } : {}),
  };
};
