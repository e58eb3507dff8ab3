import { createHash, randomBytes } from "node:crypto";
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
} from "@aws-sdk/client-sns";

/**
 * Where moto's behaviour differs from AWS in a way the functions can see, and the local
 * runtime makes up for it. Each fix only adds what AWS would have sent; it never changes a value.
 */

// biome-ignore lint/suspicious/noExplicitAny: an S3 record as moto wrote it, checked field by field below
type Json = any;

/** The fields moto 5.2 leaves out of S3 event notification records and AWS always sends. */
export const completeS3Record = (
  record: Record<string, Json>,
): { record: Record<string, Json>; completed: string[] } => {
  if (record?.eventSource !== "aws:s3" || typeof record.s3 !== "object") return { record, completed: [] };
  const completed: string[] = [];
  const fill = (target: Record<string, Json>, key: string, value: unknown, path: string) => {
    if (target[key] === undefined || target[key] === null) {
      target[key] = value;
      completed.push(path);
    }
  };
  const copy = structuredClone(record);
  const principal = "AWS:AIDAJDPLRKLG7UEXAMPLE";
  fill(copy, "userIdentity", { principalId: principal }, "userIdentity");
  fill(copy, "requestParameters", { sourceIPAddress: "127.0.0.1" }, "requestParameters");
  fill(
    copy,
    "responseElements",
    {
      "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-amz-id-2": randomBytes(32).toString("base64"),
    },
    "responseElements",
  );
  if (copy.s3.bucket && typeof copy.s3.bucket === "object")
    fill(copy.s3.bucket, "ownerIdentity", { principalId: "A3NL1KOZZKExample" }, "s3.bucket.ownerIdentity");
  if (
    copy.s3.object &&
    typeof copy.s3.object === "object" &&
    String(copy.eventName ?? "").startsWith("ObjectCreated")
  ) {
    fill(
      copy.s3.object,
      "sequencer",
      Date.now().toString(16).toUpperCase().padStart(18, "0"),
      "s3.object.sequencer",
    );
  }
  return { record: copy, completed };
};

/**
 * Completes the S3 notification in an SQS message body, if it is one. Returns the body
 * unchanged (same string) when there is nothing to add.
 */
export const completeS3NotificationBody = (body: string): { body: string; completed: string[] } => {
  if (!body.includes('"aws:s3"')) return { body, completed: [] };
  try {
    const parsed = JSON.parse(body) as { Records?: unknown[] };
    if (!Array.isArray(parsed.Records)) return { body, completed: [] };
    const completed = new Set<string>();
    parsed.Records = parsed.Records.map((record) => {
      const result = completeS3Record(record as Record<string, Json>);
      for (const path of result.completed) completed.add(path);
      return result.record;
    });
    return completed.size === 0
      ? { body, completed: [] }
      : { body: JSON.stringify(parsed), completed: [...completed] };
  } catch {
    return { body, completed: [] };
  }
};

export const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Condition?: unknown;
}

/** The statements moto would apply wrongly: a Deny with a Condition is enforced as if the condition always held. */
export const conditionalDenies = (policy: {
  Statement?: PolicyStatement | PolicyStatement[];
}): PolicyStatement[] => {
  const statements = Array.isArray(policy.Statement)
    ? policy.Statement
    : policy.Statement
      ? [policy.Statement]
      : [];
  return statements.filter((statement) => statement.Effect === "Deny" && statement.Condition !== undefined);
};

/**
 * moto evaluates bucket policies without any request context, so a conditional Deny such as
 * the TLS-only statement (`aws:SecureTransport` = false) denies every GetObject. On the
 * emulator (plain http on localhost) such statements are removed from each bucket's policy
 * after the apply; the other statements stay. Returns what was removed, per bucket.
 */
export const removeConditionalDenies = async (
  s3: S3Client,
  buckets: string[],
): Promise<Array<{ bucket: string; removed: string[] }>> => {
  const changes: Array<{ bucket: string; removed: string[] }> = [];
  for (const bucket of buckets) {
    let text: string | undefined;
    try {
      text = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    } catch (error) {
      if ((error as Error).name === "NoSuchBucketPolicy") continue;
      throw error;
    }
    if (!text) continue;
    const policy = JSON.parse(text) as { Statement?: PolicyStatement | PolicyStatement[] };
    const denies = conditionalDenies(policy);
    if (denies.length === 0) continue;
    const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).filter(
      (statement): statement is PolicyStatement => statement !== undefined && !denies.includes(statement),
    );
    if (statements.length === 0) await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    else
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({ ...policy, Statement: statements }),
        }),
      );
    changes.push({
      bucket,
      removed: denies.map((statement, index) => statement.Sid ?? `statement ${index + 1}`),
    });
  }
  return changes;
};

export interface DeclaredSubscription {
  topic_arn: string;
  queue_arn: string;
  filter_policy: Record<string, unknown> | null;
  filter_policy_scope: string | null;
  raw_message_delivery: boolean;
}

/** What differs between a subscription as declared and as moto holds it (attribute => [declared, actual]). */
export const subscriptionDifferences = (
  declared: DeclaredSubscription,
  attributes: Record<string, string> | undefined,
): Record<string, [string, string]> => {
  const actual = attributes ?? {};
  const differences: Record<string, [string, string]> = {};
  const expectRaw = String(declared.raw_message_delivery === true);
  if ((actual.RawMessageDelivery ?? "false") !== expectRaw)
    differences.RawMessageDelivery = [expectRaw, actual.RawMessageDelivery ?? "(none)"];
  if (declared.filter_policy) {
    const same =
      actual.FilterPolicy !== undefined &&
      JSON.stringify(JSON.parse(actual.FilterPolicy)) === JSON.stringify(declared.filter_policy);
    if (!same)
      differences.FilterPolicy = [JSON.stringify(declared.filter_policy), actual.FilterPolicy ?? "(none)"];
    const scope = declared.filter_policy_scope ?? "MessageAttributes";
    if ((actual.FilterPolicyScope ?? "MessageAttributes") !== scope)
      differences.FilterPolicyScope = [scope, actual.FilterPolicyScope ?? "(none)"];
  }
  return differences;
};

/**
 * Checks every topic -> queue subscription Terraform declares against what moto holds. moto 5.2
 * keeps the filter policy, its scope and raw delivery and applies them when it delivers (a
 * MessageAttributes-scoped policy filters on the attributes only; raw delivery passes the
 * message and its attributes unwrapped), so there is nothing to make up for: a subscription
 * that is missing or differs is reported, not repaired, because it means the apply went wrong.
 */
export const checkSubscriptions = async (
  sns: SNSClient,
  declared: Record<string, DeclaredSubscription>,
): Promise<Array<{ key: string; problem: string }>> => {
  const problems: Array<{ key: string; problem: string }> = [];
  for (const [key, subscription] of Object.entries(declared)) {
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: subscription.topic_arn }));
    const found = listed.Subscriptions?.find(
      (candidate) => candidate.Protocol === "sqs" && candidate.Endpoint === subscription.queue_arn,
    );
    if (!found?.SubscriptionArn) {
      problems.push({
        key,
        problem: `no sqs subscription of ${subscription.queue_arn} on ${subscription.topic_arn}`,
      });
      continue;
    }
    const { Attributes } = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: found.SubscriptionArn }),
    );
    for (const [attribute, [expected, actual]] of Object.entries(
      subscriptionDifferences(subscription, Attributes),
    ))
      problems.push({ key, problem: `${attribute} is ${actual}, Terraform declares ${expected}` });
  }
  return problems;
};
