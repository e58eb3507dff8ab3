import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { EventsLog } from "../events-log.ts";
import { type AccountModel, type AccountModelSource, loadAccountModel, loadRoles } from "./account-model.ts";
import { type Denial, evaluate, type Principal } from "./authorizer.ts";
import { accessDenied, type ErrorAnswer, s3Error, unknownCaller } from "./aws-denials.ts";
import { parseAwsRequest, type RawRequest } from "./aws-request.ts";
import { DecisionCache } from "./decision-cache.ts";
import { checkPostPolicy } from "./post-policy.ts";
import { type Answer, forward, serveProxy } from "./proxy.ts";
import { type Check, checksFor, UnknownRequestError } from "./request-checks.ts";

/*
 * The IAM gate: every AWS request of a function (and of the event source mappings, the
 * workflow and API Gateway's SQS integration, which AWS makes with their roles) comes here
 * first. The caller is known by the access key the gate issued to its role; the request is
 * authorised as IAM would (identity policies, the resource's policy, the key policy of the KMS
 * use encryption implies) and refused with the service's own error, or passed on to the emulator.
 */

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface IamGateOptions extends AccountModelSource {
  log: EventsLog;
}

interface Session {
  principal: Principal;
  /** Undefined for a service principal: it has no identity policies. */
  roleArn?: string;
}

export class IamGate {
  private readonly options: IamGateOptions;
  private model?: AccountModel;
  private readonly sessions = new Map<string, Session>();
  private readonly serviceEndpoints = new Map<string, string>();
  private readonly decisions = new DecisionCache();
  private stopping = false;
  private server?: { endpoint: string; stop(): Promise<void> };
  /** Every refusal since the start: `make demo` fails when there is one. */
  readonly denials: Denial[] = [];
  endpoint = "";

  /** The emulator's STS, where the gate assumes the roles it issues credentials for. */
  private readonly sts: STSClient;

  constructor(options: IamGateOptions) {
    this.options = options;
    this.sts = new STSClient(emulatorAdmin(options.endpoint, options.region));
  }

  /** Reads the account's policies from the emulator and starts listening on a free port. */
  async start(): Promise<string> {
    this.model = await loadAccountModel(this.options);
    this.server = await serveProxy(
      (raw) => this.handle(raw),
      (incoming, error) => {
        // At shutdown the emulator may go first: calls still in flight fail, nothing to report.
        if (!this.stopping)
          this.options.log.error(
            "iam",
            `gate failed on ${incoming.method} ${incoming.url}: ${error.message}`,
          );
      },
    );
    this.endpoint = this.server.endpoint;
    return this.endpoint;
  }

  /**
   * Reads the roles' policies again (after a test changed one in the emulator). Resource and
   * key policies stay as read at the start: the emulator's copies of the bucket policies lose
   * their conditional denies afterwards (moto-gaps.ts), the gate keeps Terraform's.
   */
  async reloadRoles(): Promise<void> {
    this.currentModel().roles = await loadRoles(this.options);
    this.decisions.clear();
  }

  /** Sends a service's requests to another endpoint than the emulator (Step Functions: the local one). */
  routeService(service: string, endpoint: string): void {
    this.serviceEndpoints.set(service, endpoint);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.server?.stop();
    this.sts.destroy();
  }

  /**
   * Credentials of a role for the service that assumes it (lambda.amazonaws.com for a function),
   * after checking the role's trust policy lets that service assume it for that source.
   */
  async credentialsFor(
    roleArn: string,
    assumedBy: { label: string; service: string; sourceArn?: string },
  ): Promise<IssuedCredentials> {
    const model = this.currentModel();
    const role = model.roles.get(roleArn);
    if (!role) throw new Error(`role ${roleArn} is not in the account the gate read`);
    const trust = await evaluate(model, { label: assumedBy.service, arn: assumedBy.service }, [], {
      action: "sts:AssumeRole",
      resource: roleArn,
      resourcePolicy: role.trustPolicy,
      context: {
        "aws:SourceAccount": model.accountId,
        ...(assumedBy.sourceArn ? { "aws:SourceArn": assumedBy.sourceArn } : {}),
      },
    });
    if (trust) {
      throw new Error(
        `${assumedBy.service} may not assume ${roleArn} for ${assumedBy.label}: its trust policy does not allow it (${trust.message})`,
      );
    }
    const assumed = await this.sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: assumedBy.label.slice(0, 64) }),
    );
    const credentials = assumed.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken)
      throw new Error(`the emulator issued no credentials for ${roleArn}`);
    this.sessions.set(credentials.AccessKeyId, {
      roleArn,
      principal: {
        label: assumedBy.label,
        arn: assumed.AssumedRoleUser?.Arn ?? roleArn,
        roleArn,
      },
    });
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    };
  }

  /**
   * Authorises checks that never cross HTTP (the workflow invoking a Lambda task): the first
   * refusal, already logged, or undefined.
   */
  async authorize(accessKeyId: string, checks: Check[]): Promise<Denial | undefined> {
    const session = this.sessions.get(accessKeyId);
    if (!session) throw new Error(`access key ${accessKeyId} was not issued by the gate`);
    return this.firstDenial(session, checks);
  }

  /**
   * Authorises what a service does on the account's behalf with no role of ours, such as S3
   * sending an event notification to a queue: only resource and key policies can allow it.
   */
  async authorizeService(
    service: { label: string; principal: string },
    checksOf: (model: AccountModel) => Check[],
  ): Promise<Denial | undefined> {
    const checks = checksOf(this.currentModel());
    return this.firstDenial({ principal: { label: service.label, arn: service.principal } }, checks);
  }

  private currentModel(): AccountModel {
    if (!this.model) throw new Error("the IAM gate has not read the account yet: call start()");
    return this.model;
  }

  private async firstDenial(session: Session, checks: Check[]): Promise<Denial | undefined> {
    const model = this.currentModel();
    const identityPolicies = session.roleArn
      ? (model.roles.get(session.roleArn)?.identityPolicies ?? [])
      : [];
    for (const check of checks) {
      const key = this.decisions.keyOf(session.principal, identityPolicies, check);
      const known = this.decisions.get(key);
      const denial = known ? known.answer : await evaluate(model, session.principal, identityPolicies, check);
      if (!known) this.decisions.set(key, denial);
      if (denial) {
        this.denials.push(denial);
        this.options.log.warn("iam", `${describeDenial(denial)}: ${denial.message}`, {
          principal: session.principal.arn,
          action: denial.action,
          resource: denial.resource,
        });
        return denial;
      }
    }
    return undefined;
  }

  private async handle(raw: RawRequest): Promise<Answer> {
    // A browser's CORS preflight is unsigned by design; S3 answers it from the bucket's CORS rules.
    if (raw.method === "OPTIONS") return this.forward(raw, "s3");
    const request = parseAwsRequest(raw);
    const session = request.accessKeyId ? this.sessions.get(request.accessKeyId) : undefined;
    if (!session) return this.errorAnswer(unknownCaller(request));

    const { s3 } = request;
    if (s3?.method === "POST" && s3.form && !s3.key) {
      const refusal = checkPostPolicy(s3.form, s3.bucket ?? "");
      if (refusal) {
        this.options.log.warn(
          "iam",
          `REFUSED ${session.principal.label}'s browser upload: ${refusal.code}: ${refusal.message}`,
        );
        return this.errorAnswer(s3Error(refusal.status, refusal.code, refusal.message));
      }
    }
    let checks: ReturnType<typeof checksFor>;
    try {
      checks = checksFor(request, this.currentModel());
    } catch (error) {
      if (!(error instanceof UnknownRequestError)) throw error;
      const message = `the local IAM gate cannot tell what ${error.message} needs: teach tools/devstack/src/iam/request-checks.ts`;
      this.options.log.error("iam", `REFUSED ${session.principal.label}: ${message}`);
      this.denials.push({
        principal: session.principal,
        action: "unknown",
        resource: error.message,
        message,
      });
      return this.errorAnswer(accessDenied(request, message, false));
    }
    const denied = await this.firstDenial(session, checks.before);
    if (denied)
      return this.errorAnswer(accessDenied(request, denied.message, denied.action.startsWith("kms:")));

    const answer = await this.forward(raw, request.service);
    if (answer.status === 404 && checks.onMissingObject) {
      // S3 says NoSuchKey only to a caller that may list the bucket; anyone else gets AccessDenied.
      const cannotList = await this.firstDenial(session, [checks.onMissingObject]);
      if (cannotList) return this.errorAnswer(accessDenied(request, cannotList.message, false));
    }
    if (answer.status < 300 && checks.afterSuccess.length > 0) {
      const cannotDecrypt = await this.firstDenial(session, checks.afterSuccess);
      if (cannotDecrypt) return this.errorAnswer(accessDenied(request, cannotDecrypt.message, true));
    }
    return answer;
  }

  private errorAnswer(answer: ErrorAnswer): Answer {
    return { status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) };
  }

  private forward(raw: RawRequest, service: string): Promise<Answer> {
    return forward(raw, this.serviceEndpoints.get(service) ?? this.options.endpoint);
  }
}

/** A refusal in one line: who, which action on what, and what made the service ask. */
const describeDenial = (denial: Denial): string =>
  `DENIED ${denial.principal.label}: ${denial.action} on ${denial.resource}${denial.impliedBy ? ` (${denial.impliedBy})` : ""}`;

/** One line per refusal, for a run's closing report ("what a policy lacks"). */
export const describeDenials = (denials: Denial[]): string[] => denials.map(describeDenial);
