#!/usr/bin/env node
/*
 * What the local stack's IAM gate (tools/devstack/src/iam/) costs a function's AWS call: the
 * same calls straight to moto and through the gate, taking turns in one run so both see the
 * same machine load. Through the gate each call is authorised as AWS would (identity policy,
 * bucket policy, the key policy of the KMS use the encryption implies) before moto answers it.
 *
 *   (a) DynamoDB GetItem on a table encrypted with a customer-managed key (2 checks: GetItem,
 *       kms:Decrypt);
 *   (b) S3 GetObject of a 64 KiB SSE-KMS object (2 checks: GetObject, then kms:Decrypt on the
 *       answer);
 *   SAMPLES (default 200) of each, one at a time.
 *
 * Prints a table and one result line, writes bench/results/iam-gate.json.
 *
 *   node bench/iam-gate.mjs      # about 30 seconds
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { EventsLog, IamGate } from "@shoebox/devstack";
import { startMoto } from "../tools/testing/src/index.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "iam-gate.json");
const samples = Number(process.env.SAMPLES || 200);
const region = "eu-west-1";
const accountId = "123456789012";
const say = (line) => console.log(`[bench iam-gate] ${line}`);

const moto = await startMoto();
const admin = {
  endpoint: moto.endpoint,
  region,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
};
const clients = [];
const client = (Client, config) => {
  const made = new Client(config);
  clients.push(made);
  return made;
};
let gate;
try {
  // A customer-managed key, a table and a bucket encrypted with it, as Terraform makes them.
  const keyArn = (await client(KMSClient, admin).send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  const dynamodb = client(DynamoDBClient, admin);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: "bench-photos",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: keyArn },
    }),
  );
  await dynamodb.send(
    new PutItemCommand({ TableName: "bench-photos", Item: { pk: { S: "p1" }, n: { N: "1" } } }),
  );
  const s3 = client(S3Client, { ...admin, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: "bench-uploads",
      CreateBucketConfiguration: { LocationConstraint: region },
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: "bench-uploads",
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: keyArn } }],
      },
    }),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: "bench-uploads", Key: "uploads/o", Body: Buffer.alloc(64 * 1024, 7) }),
  );

  // A function's role: exactly what the two calls need.
  const iam = client(IAMClient, admin);
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  };
  const roleArn = (
    await iam.send(
      new CreateRoleCommand({ RoleName: "bench-fn", AssumeRolePolicyDocument: JSON.stringify(trust) }),
    )
  ).Role.Arn;
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: `arn:aws:dynamodb:${region}:${accountId}:table/bench-photos`,
      },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bench-uploads/uploads/*" },
      { Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn },
    ],
  };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "bench-fn",
      PolicyName: "fn",
      PolicyDocument: JSON.stringify(policy),
    }),
  );

  gate = new IamGate({
    endpoint: moto.endpoint,
    region,
    accountId,
    roleArns: [roleArn],
    log: new EventsLog({ write: () => {} }),
  });
  await gate.start();
  const credentials = await gate.credentialsFor(roleArn, { label: "bench", service: "lambda.amazonaws.com" });
  const gated = { endpoint: gate.endpoint, region, credentials };

  const paths = {
    direct: { dynamodb, s3 },
    gate: {
      dynamodb: client(DynamoDBClient, gated),
      s3: client(S3Client, { ...gated, forcePathStyle: true }),
    },
  };
  const operations = {
    GetItem: ({ dynamodb: db }) =>
      db.send(new GetItemCommand({ TableName: "bench-photos", Key: { pk: { S: "p1" } } })),
    GetObject: async ({ s3: bucket }) =>
      (
        await bucket.send(new GetObjectCommand({ Bucket: "bench-uploads", Key: "uploads/o" }))
      ).Body.transformToByteArray(),
  };

  const times = {};
  for (const operation of Object.keys(operations))
    for (const way of Object.keys(paths)) times[`${operation} ${way}`] = [];
  // Warm both paths (connections, the evaluator's caches) before measuring.
  for (const operation of Object.values(operations))
    for (const way of Object.values(paths)) await operation(way);
  say(`${samples} samples of each operation, direct and through the gate, taking turns`);
  for (let sample = 0; sample < samples; sample++) {
    const order = sample % 2 === 0 ? ["direct", "gate"] : ["gate", "direct"];
    for (const [operation, run] of Object.entries(operations)) {
      for (const way of order) {
        const started = performance.now();
        await run(paths[way]);
        times[`${operation} ${way}`].push(performance.now() - started);
      }
    }
  }
  if (gate.denials.length > 0)
    throw new Error(`the gate refused a call it should allow: ${gate.denials[0].message}`);

  const quantile = (values, q) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  };
  const rows = Object.keys(operations).map((operation) => {
    const direct = times[`${operation} direct`];
    const through = times[`${operation} gate`];
    return {
      operation,
      direct_median_ms: quantile(direct, 0.5),
      direct_p95_ms: quantile(direct, 0.95),
      gate_median_ms: quantile(through, 0.5),
      gate_p95_ms: quantile(through, 0.95),
      added_median_ms: quantile(through, 0.5) - quantile(direct, 0.5),
      ratio_median: quantile(through, 0.5) / quantile(direct, 0.5),
    };
  });
  const fixed = (value) => value.toFixed(2).padStart(8);
  console.log("\noperation   direct median   p95   gate median   p95   added (median)   gate/direct");
  for (const row of rows) {
    console.log(
      `${row.operation.padEnd(10)} ${fixed(row.direct_median_ms)} ms ${fixed(row.direct_p95_ms)} ${fixed(row.gate_median_ms)} ms ${fixed(row.gate_p95_ms)} ${fixed(row.added_median_ms)} ms ${row.ratio_median.toFixed(2).padStart(10)}x`,
    );
  }
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, samples, rows }, null, 2)}\n`,
  );
  console.log(
    `\niam-gate: ${rows.map((row) => `${row.operation} +${row.added_median_ms.toFixed(2)} ms (${row.ratio_median.toFixed(2)}x)`).join(", ")} per call through the gate; bench/results/iam-gate.json`,
  );
} finally {
  await gate?.stop();
  for (const made of clients) made.destroy();
  await moto.stop();
}
