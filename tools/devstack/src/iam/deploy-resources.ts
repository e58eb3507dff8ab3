import { type AccountModel, emptyAccountModel } from "./account-model.ts";
import type { AwsRequest } from "./aws-request.ts";
import { deployActionOf } from "./deploy-actions.ts";
import { type Check, checksFor, UnknownRequestError } from "./request-checks.ts";

/*
 * What IAM evaluates for one management call of the Terraform provider: the action
 * (deploy-actions.ts) and the tagging action a create with tags implies, the resource ARN in the
 * form the Service Authorization Reference gives for that action, and the request's condition keys (aws:RequestTag/*, iam:PassedToService,
 * lambda:FunctionArn, kms:RequestAlias). Read off the request, and off the emulator's answer
 * where only the answer names the resource (a new secret's ARN, the key behind an alias, the
 * function of an event source mapping got by UUID). A key's tags and key policy are the audit's
 * to read: they are facts of the account, not of the call.
 *
 * For the data services the IAM gate already knows (S3 objects, SQS, DynamoDB, SNS, Secrets
 * Manager, Step Functions) the resource comes from the gate's own derivation (checksFor); only
 * what management adds (create calls that name the resource by name, tag calls by ResourceArn)
 * is derived here. A call whose resource this cannot name is evaluated on "*": whether an action
 * has resource-level permissions at all is the Service Authorization Reference's answer, which
 * the audit asks (deploy-audit.ts), not this module's.
 */

export interface DeployCall {
  request: AwsRequest;
  method: string;
  /** Path and query, as received. */
  url: string;
  /** The raw body: the REST APIs (Lambda, API Gateway) carry their parameters in JSON here. */
  body: Buffer;
  /** The emulator's answer, parsed when JSON. */
  answer?: Record<string, unknown> | undefined;
}

/** Whose account and which partition ARNs are written in: the deployer's own. */
export interface DeployAccount {
  accountId: string;
  partition: string;
}

type Context = Record<string, string | string[]>;
/** One resource a call is authorised on, with its condition keys. */
interface Target {
  resource: string;
  context?: Context;
}

const ANY: Target[] = [{ resource: "*" }];

/** Where the service a role is passed to is named by the call that passes it. */
const passRole = (roleArn: unknown, service: string): Check[] =>
  typeof roleArn === "string" && roleArn
    ? [{ action: "iam:PassRole", resource: roleArn, context: { "iam:PassedToService": service } }]
    : [];

/** aws:RequestTag/<key> and aws:TagKeys of the tags a call sets. */
const requestTags = (tags: Record<string, string>): Context =>
  Object.keys(tags).length === 0
    ? {}
    : {
        ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
        "aws:TagKeys": Object.keys(tags),
      };

/**
 * Tags as each API spells them: a map, [{Key, Value}] (also TagKey/TagValue, key/value) or the
 * query protocol's Tags.member.N.Key.
 */
const tagsOf = (params: Record<string, unknown>, name = "Tags"): Record<string, string> => {
  const tags = params[name];
  if (Array.isArray(tags))
    return Object.fromEntries(
      (tags as Array<Record<string, string>>).map((tag) => [
        tag.Key ?? tag.TagKey ?? tag.key,
        tag.Value ?? tag.TagValue ?? tag.value,
      ]),
    );
  if (tags && typeof tags === "object") return tags as Record<string, string>;
  const keyParam = new RegExp(`^${name}\\.member\\.\\d+\\.Key$`);
  return Object.fromEntries(
    Object.entries(params)
      .filter(([key]) => keyParam.test(key))
      .map(([key, value]) => [String(value), String(params[key.replace(/Key$/, "Value")] ?? "")]),
  );
};

/** The values of a query-protocol list (`AlarmNames.member.1`, `.2`, ...). */
const members = (params: Record<string, unknown>, name: string): string[] =>
  Object.entries(params)
    .filter(([key]) => key.startsWith(`${name}.member.`))
    .map(([, value]) => String(value));

const jsonBody = (call: DeployCall): Record<string, unknown> => {
  const text = call.body.toString("utf8");
  if (!text.startsWith("{")) return {};
  return JSON.parse(text) as Record<string, unknown>;
};

/** Resource and context of the gate's own check for a data-service request, or undefined. */
const gateTargets = (request: AwsRequest, model: AccountModel): Target[] | undefined => {
  try {
    const [check] = checksFor(request, model).before;
    return check && check.resource !== ""
      ? [{ resource: check.resource, context: check.context ?? {} }]
      : undefined;
  } catch (error) {
    if (error instanceof UnknownRequestError) return undefined;
    throw error;
  }
};

interface Derivation {
  call: DeployCall;
  /** The parsed parameters of a JSON or query call. */
  params: Record<string, unknown>;
  /** The JSON body of a REST call (Lambda, API Gateway), which the parser leaves. */
  body: Record<string, unknown>;
  /** No policies or keys known: the gate derives the resource from the request alone. */
  model: AccountModel;
  region: string;
  account: DeployAccount;
  /** `arn:<partition>:<service>:<region>:<account>:` */
  arnPrefix: (service: string, options?: { global?: boolean }) => string;
}

/** Every role API names the role; its path is known only to CreateRole (Terraform's roles use "/"). */
const iamTargets = ({ params, account }: Derivation): Target[] | undefined => {
  const roleName = params.RoleName;
  if (typeof roleName !== "string") return undefined;
  const path = typeof params.Path === "string" ? params.Path : "/";
  return [
    {
      resource: `arn:${account.partition}:iam::${account.accountId}:role${path}${roleName}`,
      context: requestTags(tagsOf(params)),
    },
  ];
};

/** Lambda names the function (name or ARN) in the path, or in the body of CreateFunction. */
const lambdaTargets = ({ call, body, arnPrefix }: Derivation): Target[] | undefined => {
  const path = call.url.split("?")[0] ?? "";
  const [, , collection, encoded] = path.split("/");
  const id = encoded ? decodeURIComponent(encoded) : undefined;
  const functionArn = (name: unknown) =>
    typeof name === "string" && name
      ? name.startsWith("arn:")
        ? name
        : `${arnPrefix("lambda")}function:${name}`
      : undefined;
  if (collection === "tags" && id) return [{ resource: id, context: requestTags(tagsOf(body)) }];
  if (collection === "event-source-mappings") {
    // The condition key names the mapping's function: in the request when it sets one, else
    // in the answer (Get and Delete name only the UUID).
    const fn = functionArn(body.FunctionName) ?? functionArn(call.answer?.FunctionArn);
    const context: Context = fn ? { "lambda:FunctionArn": fn } : {};
    return [{ resource: id ? `${arnPrefix("lambda")}event-source-mapping:${id}` : "*", context }];
  }
  if (collection !== "functions") return undefined;
  // A qualified name (`name:alias`) stays whole: IAM authorises on the alias's or version's ARN.
  const fn = functionArn(id) ?? functionArn(body.FunctionName);
  return fn ? [{ resource: fn, context: requestTags(tagsOf(body)) }] : undefined;
};

const logsTargets = ({ params, arnPrefix }: Derivation): Target[] | undefined => {
  if (typeof params.resourceArn === "string") return [{ resource: params.resourceArn }];
  if (typeof params.logGroupName !== "string") return undefined;
  return [
    {
      resource: `${arnPrefix("logs")}log-group:${params.logGroupName}`,
      context: requestTags(tagsOf(params, "tags")),
    },
  ];
};

/**
 * KMS takes a key id, key ARN, alias name or alias ARN wherever it takes a key. A call that names
 * a key by alias is authorised on the key (the answer's KeyMetadata says which), with the alias
 * in kms:RequestAlias.
 */
const kmsTargets = ({ call, params, arnPrefix, account }: Derivation): Target[] | undefined => {
  const arnOf = (id: unknown): string | undefined => {
    if (typeof id !== "string" || !id) return undefined;
    if (id.startsWith("arn:")) return id;
    return `${arnPrefix("kms")}${id.startsWith("alias/") ? id : `key/${id}`}`;
  };
  const context: Context = { "kms:CallerAccount": account.accountId, ...requestTags(tagsOf(params)) };
  const operation = call.request.operation;
  if (operation === "CreateKey") return [{ resource: "*", context }];
  // The alias calls are authorised on the alias and on the key it names (the Service
  // Authorization Reference lists both resource types as required).
  const alias = arnOf(params.AliasName);
  const keyId = params.TargetKeyId ?? params.KeyId;
  const byAlias = typeof keyId === "string" && /(^|:)alias\//.test(keyId);
  const answered = (call.answer?.KeyMetadata as { Arn?: string } | undefined)?.Arn;
  // An alias that names no key (AWS creates alias/aws/dynamodb on the service's first use) fails
  // NotFound before there is a key to authorise on: nothing to evaluate.
  if (byAlias && !answered) return [];
  const key = byAlias ? answered : arnOf(keyId);
  const keyContext: Context = byAlias
    ? { ...context, "kms:RequestAlias": String(keyId).replace(/^arn:.*:alias\//, "alias/") }
    : context;
  const targets: Target[] = [
    ...(alias ? [{ resource: alias, context }] : []),
    ...(key ? [{ resource: key, context: keyContext }] : []),
  ];
  return targets.length > 0 ? targets : undefined;
};

const snsTargets = ({ params, call, model, arnPrefix }: Derivation): Target[] | undefined => {
  const tags = requestTags(tagsOf(params));
  if (call.request.operation === "CreateTopic" && typeof params.Name === "string")
    return [{ resource: `${arnPrefix("sns")}${params.Name}`, context: tags }];
  if (typeof params.ResourceArn === "string") return [{ resource: params.ResourceArn, context: tags }];
  // A subscription's ARN is its topic's ARN and a UUID.
  if (typeof params.SubscriptionArn === "string")
    return [{ resource: params.SubscriptionArn.split(":").slice(0, -1).join(":") }];
  return gateTargets(call.request, model);
};

const secretsTargets = ({ call, params, model, arnPrefix }: Derivation): Target[] | undefined => {
  if (call.request.operation !== "CreateSecret") return gateTargets(call.request, model);
  // The ARN ends in six random characters only the answer knows; the name is its prefix.
  const arn =
    typeof call.answer?.ARN === "string"
      ? call.answer.ARN
      : `${arnPrefix("secretsmanager")}secret:${String(params.Name)}`;
  return [{ resource: arn, context: requestTags(tagsOf(params)) }];
};

const statesTargets = ({ call, params, model, arnPrefix }: Derivation): Target[] | undefined => {
  const tags = requestTags(tagsOf(params, "tags"));
  if (call.request.operation === "CreateStateMachine" && typeof params.name === "string")
    return [{ resource: `${arnPrefix("states")}stateMachine:${params.name}`, context: tags }];
  if (typeof params.resourceArn === "string") return [{ resource: params.resourceArn, context: tags }];
  return gateTargets(call.request, model);
};

const dynamodbTargets = ({ call, params, model }: Derivation): Target[] | undefined =>
  typeof params.ResourceArn === "string"
    ? [{ resource: params.ResourceArn, context: requestTags(tagsOf(params)) }]
    : gateTargets(call.request, model);

/** Alarms are regional, dashboards global; the delete and describe calls take lists. */
const cloudwatchTargets = ({ params, arnPrefix }: Derivation): Target[] | undefined => {
  const alarm = (name: string) => ({ resource: `${arnPrefix("cloudwatch")}alarm:${name}` });
  const dashboard = (name: string) => ({
    resource: `${arnPrefix("cloudwatch", { global: true })}dashboard/${name}`,
  });
  if (typeof params.ResourceARN === "string") return [{ resource: params.ResourceARN }];
  if (typeof params.AlarmName === "string")
    return [{ ...alarm(params.AlarmName), context: requestTags(tagsOf(params)) }];
  if (typeof params.DashboardName === "string") return [dashboard(params.DashboardName)];
  const alarms = members(params, "AlarmNames").map(alarm);
  const dashboards = members(params, "DashboardNames").map(dashboard);
  return alarms.length + dashboards.length > 0 ? [...alarms, ...dashboards] : undefined;
};

/** API Gateway authorises on the resource path itself: arn:aws:apigateway:<region>::/apis/<id>/... */
const apigatewayTargets = ({ call, region, account }: Derivation): Target[] => {
  const path = (call.url.split("?")[0] ?? "").replace(/^\/v2\//, "/");
  return [{ resource: `arn:${account.partition}:apigateway:${region}::${path}` }];
};

const cognitoTargets = ({ params, arnPrefix }: Derivation): Target[] | undefined => {
  if (typeof params.ResourceArn === "string") return [{ resource: params.ResourceArn }];
  if (typeof params.UserPoolId === "string")
    return [{ resource: `${arnPrefix("cognito-idp")}userpool/${params.UserPoolId}` }];
  return undefined;
};

/** CloudFront is global: arn:aws:cloudfront::<account>:<type>/<id>, named in the REST path. */
const cloudfrontTargets = ({ call, arnPrefix }: Derivation): Target[] | undefined => {
  const url = new URL(call.url, "http://audit.local");
  const tagged = url.searchParams.get("Resource");
  if (tagged) return [{ resource: tagged }];
  const [, , type, id] = url.pathname.split("/");
  return type && id ? [{ resource: `${arnPrefix("cloudfront", { global: true })}${type}/${id}` }] : undefined;
};

/** Bucket-level calls are authorised on the bucket; object calls as the gate reads them. */
const s3Targets = ({ call, model, account }: Derivation): Target[] | undefined => {
  const { key, bucket } = call.request.s3 ?? {};
  if (key) return gateTargets(call.request, model);
  return bucket ? [{ resource: `arn:${account.partition}:s3:::${bucket}` }] : undefined;
};

/** Each signing name's derivation of the resources its calls are authorised on. */
const TARGETS: Record<string, (derivation: Derivation) => Target[] | undefined> = {
  iam: iamTargets,
  lambda: lambdaTargets,
  logs: logsTargets,
  kms: kmsTargets,
  s3: s3Targets,
  sqs: ({ call, model }) => gateTargets(call.request, model),
  dynamodb: dynamodbTargets,
  sns: snsTargets,
  secretsmanager: secretsTargets,
  states: statesTargets,
  monitoring: cloudwatchTargets,
  apigateway: apigatewayTargets,
  "cognito-idp": cognitoTargets,
  cloudfront: cloudfrontTargets,
};

/** The calls that hand a role to a service (create or update): iam:PassRole of it to that service. */
const PASSED_ROLES: Record<string, (derivation: Derivation) => Check[]> = {
  lambda: ({ body }) => passRole(body.Role, "lambda.amazonaws.com"),
  states: ({ params }) => passRole(params.roleArn, "states.amazonaws.com"),
  apigateway: ({ body }) => passRole(body.CredentialsArn, "apigateway.amazonaws.com"),
};

/**
 * A create call that sets tags is also authorised for the service's tagging action on what it
 * creates, with the same aws:RequestTag keys (each service's "tag on create" rule: sqs:TagQueue
 * beside sqs:CreateQueue, iam:TagRole beside iam:CreateRole, ...). Terraform's default_tags put
 * tags on every one of these calls, so a policy without the tagging action fails the create.
 */
const TAG_ON_CREATE: Record<string, string> = {
  "iam:CreateRole": "iam:TagRole",
  "lambda:CreateFunction": "lambda:TagResource",
  "lambda:CreateEventSourceMapping": "lambda:TagResource",
  "logs:CreateLogGroup": "logs:TagResource",
  "sqs:CreateQueue": "sqs:TagQueue",
  "sns:CreateTopic": "sns:TagResource",
  "dynamodb:CreateTable": "dynamodb:TagResource",
  "kms:CreateKey": "kms:TagResource",
  "states:CreateStateMachine": "states:TagResource",
  "secretsmanager:CreateSecret": "secretsmanager:TagResource",
  "cloudwatch:PutMetricAlarm": "cloudwatch:TagResource",
};

/** What a create authorised on "*" made, as only the answer names it: a key, an event source mapping. */
const createdByAnswer = ({ call, arnPrefix }: Derivation): string | undefined => {
  const key = (call.answer?.KeyMetadata as { Arn?: unknown } | undefined)?.Arn;
  if (typeof key === "string") return key;
  const mapping = call.answer?.UUID;
  return typeof mapping === "string" ? `${arnPrefix("lambda")}event-source-mapping:${mapping}` : undefined;
};

/** The tagging check a create with tags implies, on what it creates, with the create's context. */
const tagOnCreate = (action: string, targets: Target[], derivation: Derivation): Check[] => {
  const tagAction = TAG_ON_CREATE[action];
  if (!tagAction) return [];
  const { params, body } = derivation;
  const tags = requestTags({ ...tagsOf(params), ...tagsOf(params, "tags"), ...tagsOf(body) });
  if (Object.keys(tags).length === 0) return [];
  return targets.flatMap((target) => {
    const resource = target.resource === "*" ? createdByAnswer(derivation) : target.resource;
    return resource ? [{ action: tagAction, resource, context: { ...target.context, ...tags } }] : [];
  });
};

/** REST APIs whose parameters are a JSON body. */
const JSON_BODIES = new Set(["lambda", "apigateway"]);

/**
 * The checks of one provider call: its action on each resource it names (or "*"), plus the
 * iam:PassRole a create or update implies when it hands a role to a service. Undefined for a
 * call that needs no permission.
 */
export const deployChecksOf = (call: DeployCall, account: DeployAccount): Check[] | undefined => {
  const { request } = call;
  const action = deployActionOf(request, call.url, call.method);
  if (!action) return undefined;
  const region = request.region ?? "us-east-1";
  const derivation: Derivation = {
    call,
    params: request.params,
    body: JSON_BODIES.has(request.service) ? jsonBody(call) : {},
    model: emptyAccountModel({ ...account, region }),
    region,
    account,
    arnPrefix: (service, options) =>
      `arn:${account.partition}:${service}:${options?.global ? "" : region}:${account.accountId}:`,
  };
  const targets = TARGETS[request.service]?.(derivation) ?? ANY;
  return [
    ...targets.map((target) => ({ action, resource: target.resource, context: target.context ?? {} })),
    ...tagOnCreate(action, targets, derivation),
    ...(PASSED_ROLES[request.service]?.(derivation) ?? []),
  ];
};
