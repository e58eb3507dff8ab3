import type { AccountModel, EncryptedResource, PolicyDocument } from "../../src/iam/account-model.ts";

/*
 * A small account as the gate would read it from the emulator: an SSE-KMS bucket and a plain
 * one, an encrypted queue and a plain one, a CMK table and a plain one, an encrypted topic, a
 * secret with a key of its own, and the keys (by ARN, id and alias, as loadAccountModel does).
 */

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export const policy = (...Statement: unknown[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

/** The statement every KMS key starts with: IAM policies of the account decide. */
export const enableIamPolicies = {
  Sid: "Enable IAM User Permissions",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: "kms:*",
  Resource: "*",
};

const keyArn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;

export const UPLOADS_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const UPLOADS_KEY = keyArn(UPLOADS_KEY_ID);
export const QUEUE_KEY = keyArn("2222bbbb-22bb-44dd-66ff-2222222222bb");
export const TABLE_KEY = keyArn("3333cccc-33cc-44dd-77aa-3333333333cc");
export const TOPIC_KEY = keyArn("4444dddd-44dd-55ee-88bb-4444444444dd");
export const SECRET_KEY = keyArn("5555eeee-55ee-66ff-99cc-5555555555ee");
export const ARCHIVE_KEY = keyArn("6666ffff-66ff-77aa-aadd-6666666666ff");

export const QUEUE_KEY_POLICY = policy(enableIamPolicies, {
  Sid: "S3 may encrypt notifications",
  Effect: "Allow",
  Principal: { Service: "s3.amazonaws.com" },
  Action: ["kms:GenerateDataKey", "kms:Decrypt"],
  Resource: "*",
  Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
});

export const UPLOADS_BUCKET_POLICY = policy({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

export const JOBS_QUEUE_POLICY = policy({
  Effect: "Allow",
  Principal: { Service: "s3.amazonaws.com" },
  Action: "sqs:SendMessage",
  Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`,
  Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::uploads" } },
});

export const accountModel = (): AccountModel => {
  const keys = new Map<string, EncryptedResource>();
  const addKey = (arn: string, keyPolicy: PolicyDocument, alias?: string) => {
    const key = { arn, policy: keyPolicy };
    keys.set(arn, key);
    keys.set(arn.split("/").pop() as string, key);
    if (alias) keys.set(alias, key);
  };
  addKey(UPLOADS_KEY, policy(enableIamPolicies), "alias/uploads");
  addKey(QUEUE_KEY, QUEUE_KEY_POLICY, "alias/jobs");
  addKey(TABLE_KEY, policy(enableIamPolicies));
  addKey(TOPIC_KEY, policy(enableIamPolicies));
  addKey(SECRET_KEY, policy(enableIamPolicies));
  addKey(ARCHIVE_KEY, policy(enableIamPolicies));

  const secret = {
    arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-password-AbCdEf`,
    name: "db-password",
    kmsKeyArn: SECRET_KEY,
  };
  return {
    accountId: ACCOUNT,
    region: REGION,
    partition: "aws",
    roles: new Map(),
    buckets: new Map([
      ["uploads", { arn: "arn:aws:s3:::uploads", policy: UPLOADS_BUCKET_POLICY, kmsKeyArn: UPLOADS_KEY }],
      ["archive", { arn: "arn:aws:s3:::archive", kmsKeyArn: ARCHIVE_KEY }],
      ["plain", { arn: "arn:aws:s3:::plain" }],
    ]),
    queues: new Map([
      [
        "jobs",
        {
          arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`,
          url: `http://localhost:5000/${ACCOUNT}/jobs`,
          policy: JOBS_QUEUE_POLICY,
          kmsKeyArn: QUEUE_KEY,
        },
      ],
      ["plain-queue", { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:plain-queue`, url: "" }],
    ]),
    tables: new Map([
      ["receipts", { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/receipts`, kmsKeyArn: TABLE_KEY }],
      ["events", { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/events` }],
    ]),
    topics: new Map([
      [
        `arn:aws:sns:${REGION}:${ACCOUNT}:receipts`,
        { arn: `arn:aws:sns:${REGION}:${ACCOUNT}:receipts`, kmsKeyArn: TOPIC_KEY },
      ],
    ]),
    secrets: new Map([
      [secret.arn, secret],
      [secret.name, secret],
    ]),
    keys,
  };
};
