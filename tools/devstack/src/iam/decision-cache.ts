import type { PolicyDocument } from "./account-model.ts";
import type { Denial, Principal } from "./authorizer.ts";
import type { Check } from "./request-checks.ts";

/*
 * IAM's answer is a function of the request and the policies, and the gate asks the same
 * question over and over: every DynamoDB, SQS, SNS and KMS call of a function names the same
 * table, queue, topic or key. Evaluating it again cost the stack's process about a third of its
 * CPU under load (bench/README.md), so answers are kept per (caller, check, policies) until the
 * policies change. Two things keep this exact rather than approximate:
 * - policies are told apart by identity: the account model's objects are replaced, never edited,
 *   when the gate reads them again (reloadRoles), and then this cache is emptied anyway;
 * - a policy that reads the clock (aws:CurrentTime, aws:EpochTime) makes every answer it takes
 *   part in uncacheable, since the evaluator puts the time of each request in its context.
 */

const CLOCK_KEYS = /aws:(CurrentTime|EpochTime)/i;

/** Enough for every table, queue and key a stack's roles touch, with room for S3 object keys. */
const MAX_ANSWERS = 20_000;

type Policies = ReadonlyArray<{ policy: PolicyDocument }>;

export class DecisionCache {
  private readonly answers = new Map<string, Denial | undefined>();
  private readonly policyIds = new WeakMap<object, number>();
  private readonly readsClock = new WeakMap<object, boolean>();
  private nextPolicyId = 1;

  /** The cached answer (`{ answer }`, undefined for allowed), or undefined when not known. */
  get(key: string | undefined): { answer: Denial | undefined } | undefined {
    if (key === undefined || !this.answers.has(key)) return undefined;
    return { answer: this.answers.get(key) };
  }

  set(key: string | undefined, answer: Denial | undefined): void {
    if (key === undefined) return;
    // Oldest first: a long `make dev` session's one-off S3 object keys age out.
    if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
  }

  clear(): void {
    this.answers.clear();
  }

  /** The question as a key, or undefined when its answer may change with the time of the request. */
  keyOf(principal: Principal, identityPolicies: Policies, check: Check): string | undefined {
    const policies = [...identityPolicies.map((entry) => entry.policy), check.resourcePolicy];
    const ids: number[] = [];
    for (const policy of policies) {
      if (!policy) continue;
      if (this.clockIn(policy)) return undefined;
      ids.push(this.idOf(policy));
    }
    return JSON.stringify([
      principal.arn,
      principal.roleArn,
      check.action,
      check.resource,
      check.context,
      check.impliedBy,
      ids,
    ]);
  }

  private idOf(policy: object): number {
    let id = this.policyIds.get(policy);
    if (id === undefined) {
      id = this.nextPolicyId++;
      this.policyIds.set(policy, id);
    }
    return id;
  }

  private clockIn(policy: object): boolean {
    let reads = this.readsClock.get(policy);
    if (reads === undefined) {
      reads = CLOCK_KEYS.test(JSON.stringify(policy));
      this.readsClock.set(policy, reads);
    }
    return reads;
  }
}
