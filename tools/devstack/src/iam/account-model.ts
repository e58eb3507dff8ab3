import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from "@aws-sdk/client-kms";
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  ListBucketsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { emulatorAdmin } from "../emulator-admin.ts";

/*
 * The account as IAM sees it, read once from the emulator after Terraform applied: every
 * policy that can allow or deny a request (identity, bucket, queue, topic, secret, key) and the
 * KMS key behind each encrypted store, so the gate can ask for the KMS use encryption implies.
 */

export type PolicyDocument = { Version?: string; Statement: unknown[] | unknown };

export interface RolePolicies {
  arn: string;
  name: string;
  trustPolicy: PolicyDocument;
  /** Inline and attached policies, by name. */
  identityPolicies: Array<{ name: string; policy: PolicyDocument }>;
}

export interface EncryptedResource {
  arn: string;
  policy?: PolicyDocument;
  /** The customer-managed key, as a key ARN; undefined when not KMS-encrypted. */
  kmsKeyArn?: string;
}

export interface AccountModel {
  accountId: string;
  region: string;
  partition: string;
  roles: Map<string, RolePolicies>;
  buckets: Map<string, EncryptedResource>;
  /** By queue name (URLs differ by host; names do not). */
  queues: Map<string, EncryptedResource & { url: string }>;
  tables: Map<string, EncryptedResource>;
  topics: Map<string, EncryptedResource>;
  /** By ARN and by name. */
  secrets: Map<string, EncryptedResource & { name: string }>;
  /** By key ARN, key id and alias name. */
  keys: Map<string, EncryptedResource>;
}

const parsePolicy = (text: string | undefined): PolicyDocument | undefined =>
  text ? (JSON.parse(decodeURIComponent(text)) as PolicyDocument) : undefined;

/** Some APIs answer with the policy URL-encoded (IAM), others as plain JSON. */
const policyJson = (text: string | undefined): PolicyDocument | undefined => {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    return parsePolicy(text);
  }
};

const isMissing = (error: unknown): boolean =>
  /NoSuch|NotFound|ResourceNotFound/.test((error as Error).name ?? "");

const optional = async <T>(call: Promise<T>): Promise<T | undefined> => {
  try {
    return await call;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
};

export interface AccountModelSource {
  endpoint: string;
  region: string;
  accountId: string;
  /** Roles the gate issues credentials for (functions, the workflow, API Gateway's SQS role). */
  roleArns: string[];
}

/** The roles the gate issues credentials for: trust policy, inline and attached policies. */
export const loadRoles = async (source: AccountModelSource): Promise<Map<string, RolePolicies>> => {
  const iam = new IAMClient(adminClientConfig(source));
  const roles = new Map<string, RolePolicies>();
  try {
    for (const roleArn of source.roleArns) {
      const name = roleArn.split("/").pop() as string;
      const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
      const identityPolicies: RolePolicies["identityPolicies"] = [];
      for (const policyName of (await iam.send(new ListRolePoliciesCommand({ RoleName: name })))
        .PolicyNames ?? []) {
        const document = (
          await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))
        ).PolicyDocument;
        identityPolicies.push({ name: policyName, policy: parsePolicy(document) as PolicyDocument });
      }
      for (const attached of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })))
        .AttachedPolicies ?? []) {
        const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy;
        const version = await iam.send(
          new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: policy?.DefaultVersionId }),
        );
        identityPolicies.push({
          name: attached.PolicyName ?? String(attached.PolicyArn),
          policy: parsePolicy(version.PolicyVersion?.Document) as PolicyDocument,
        });
      }
      roles.set(roleArn, {
        arn: roleArn,
        name,
        trustPolicy: parsePolicy(role?.AssumeRolePolicyDocument) as PolicyDocument,
        identityPolicies,
      });
    }
    return roles;
  } finally {
    iam.destroy();
  }
};

/** An account with nothing in it yet: what the loader fills, and what the deploy audit derives against. */
export const emptyAccountModel = (
  account: Pick<AccountModel, "accountId" | "region" | "partition">,
): AccountModel => ({
  ...account,
  roles: new Map(),
  buckets: new Map(),
  queues: new Map(),
  tables: new Map(),
  topics: new Map(),
  secrets: new Map(),
  keys: new Map(),
});

/** The partition of a region: aws, aws-cn or aws-us-gov (what ARNs start with). */
export const partitionOf = (region: string): string =>
  region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";

/** The gate reads the account as the emulator's administrator, never as a function. */
const adminClientConfig = (source: AccountModelSource) => emulatorAdmin(source.endpoint, source.region);

/** Reads every policy and encryption setting of the account from the emulator. */
export const loadAccountModel = async (source: AccountModelSource): Promise<AccountModel> => {
  const client = adminClientConfig(source);
  const kms = new KMSClient(client);
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  const sqs = new SQSClient(client);
  const sns = new SNSClient(client);
  const dynamodb = new DynamoDBClient(client);
  const secretsManager = new SecretsManagerClient(client);
  const partition = partitionOf(source.region);
  const model = emptyAccountModel({ accountId: source.accountId, region: source.region, partition });
  try {
    const keyIds = (await kms.send(new ListKeysCommand({}))).Keys ?? [];
    for (const { KeyId } of keyIds) {
      const metadata = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
      if (!metadata?.Arn || !KeyId) continue;
      const policy = policyJson(
        (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: "default" }))).Policy,
      );
      const key = { arn: metadata.Arn, ...(policy ? { policy } : {}) };
      model.keys.set(metadata.Arn, key);
      model.keys.set(KeyId, key);
    }
    for (const alias of (await kms.send(new ListAliasesCommand({}))).Aliases ?? []) {
      const key = alias.TargetKeyId ? model.keys.get(alias.TargetKeyId) : undefined;
      if (key && alias.AliasName) model.keys.set(alias.AliasName, key);
    }
    const keyArn = (id: string | undefined): string | undefined => {
      if (!id) return undefined;
      const name = id.startsWith("arn:") && id.includes(":alias/") ? `alias/${id.split(":alias/")[1]}` : id;
      return model.keys.get(name)?.arn ?? id;
    };

    model.roles = await loadRoles(source);

    for (const { Name } of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      if (!Name) continue;
      const policy = policyJson(
        (await optional(s3.send(new GetBucketPolicyCommand({ Bucket: Name }))))?.Policy,
      );
      const encryption = await optional(s3.send(new GetBucketEncryptionCommand({ Bucket: Name })));
      const rule =
        encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      const kmsKeyArn = rule?.SSEAlgorithm === "aws:kms" ? keyArn(rule.KMSMasterKeyID) : undefined;
      model.buckets.set(Name, {
        arn: `arn:${partition}:s3:::${Name}`,
        ...(policy ? { policy } : {}),
        ...(kmsKeyArn ? { kmsKeyArn } : {}),
      });
    }

    for (const url of (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []) {
      const attributes =
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] })))
          .Attributes ?? {};
      const policy = policyJson(attributes.Policy);
      const kmsKeyArn = keyArn(attributes.KmsMasterKeyId);
      const arn = attributes.QueueArn as string;
      model.queues.set(arn.split(":").pop() as string, {
        arn,
        url,
        ...(policy ? { policy } : {}),
        ...(kmsKeyArn ? { kmsKeyArn } : {}),
      });
    }

    for (const TableName of (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []) {
      const table = (await dynamodb.send(new DescribeTableCommand({ TableName }))).Table;
      const sse = table?.SSEDescription;
      const kmsKeyArn = sse?.SSEType === "KMS" ? keyArn(sse.KMSMasterKeyArn) : undefined;
      model.tables.set(TableName, { arn: table?.TableArn as string, ...(kmsKeyArn ? { kmsKeyArn } : {}) });
    }

    for (const { TopicArn } of (await sns.send(new ListTopicsCommand({}))).Topics ?? []) {
      if (!TopicArn) continue;
      const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};
      const policy = policyJson(attributes.Policy);
      const kmsKeyArn = keyArn(attributes.KmsMasterKeyId);
      model.topics.set(TopicArn, {
        arn: TopicArn,
        ...(policy ? { policy } : {}),
        ...(kmsKeyArn ? { kmsKeyArn } : {}),
      });
    }

    for (const listed of (await secretsManager.send(new ListSecretsCommand({}))).SecretList ?? []) {
      if (!listed.ARN || !listed.Name) continue;
      const described = await secretsManager.send(new DescribeSecretCommand({ SecretId: listed.ARN }));
      const policy = policyJson(
        (await optional(secretsManager.send(new GetResourcePolicyCommand({ SecretId: listed.ARN }))))
          ?.ResourcePolicy,
      );
      // Without a key of its own a secret uses the AWS managed key, which needs no grant.
      const kmsKeyArn = described.KmsKeyId ? keyArn(described.KmsKeyId) : undefined;
      const secret = {
        arn: listed.ARN,
        name: listed.Name,
        ...(policy ? { policy } : {}),
        ...(kmsKeyArn ? { kmsKeyArn } : {}),
      };
      model.secrets.set(listed.ARN, secret);
      model.secrets.set(listed.Name, secret);
    }
    return model;
  } finally {
    for (const each of [kms, s3, sqs, sns, dynamodb, secretsManager]) each.destroy();
  }
};
