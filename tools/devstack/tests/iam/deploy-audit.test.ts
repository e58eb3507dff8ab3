import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventsLog } from "../../src/events-log.ts";
import type { RawRequest } from "../../src/iam/aws-request.ts";
import { DEPLOYER_POLICY, type DeployAudit, startDeployAudit } from "../../src/iam/deploy-audit.ts";
import { ACCOUNT } from "./fixtures.ts";
import { jsonRequest, providerRequest, queryRequest } from "./provider-calls.ts";
import { EMPTY_JSON, startWireServer, type WireServer } from "./wire.ts";

/*
 * The audit between a provider and an emulator that answers every call: what it reports is the
 * deployer policy's verdict on each call's action and resource, not the emulator's.
 */

const CALLER_IDENTITY = {
  status: 200,
  headers: { "content-type": "text/xml" },
  body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/test</Arn><UserId>test</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
};

const ROLE = `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-photos-api`;
const createRole = queryRequest("iam", {
  Action: "CreateRole",
  AssumeRolePolicyDocument: "{}",
  Path: "/",
  RoleName: "shoebox-local-euw1-photos-api",
  "Tags.member.1.Key": "Project",
  "Tags.member.1.Value": "shoebox",
  Version: "2010-05-08",
});
const createFunction = providerRequest(
  "lambda",
  "POST",
  "/2015-03-31/functions",
  { "content-type": "application/json" },
  JSON.stringify({ FunctionName: "shoebox-local-photos-api", Role: ROLE, Runtime: "nodejs22.x" }),
);

type Statement = Record<string, unknown>;

/** A copy of the deployer policy whose statements are `change`d. */
const policyWith = (change: (statements: Statement[]) => Statement[]): string => {
  const policy = JSON.parse(readFileSync(DEPLOYER_POLICY, "utf8")) as { Statement: Statement[] };
  const file = join(mkdtempSync(join(tmpdir(), "deploy-audit-")), "deployer-policy.json");
  writeFileSync(file, JSON.stringify({ ...policy, Statement: change(policy.Statement) }));
  return file;
};

/** The deployer policy with the statement `sid` changed. */
const withStatement = (sid: string, change: (statement: Statement) => Statement): string =>
  policyWith((statements) =>
    statements.map((statement) => (statement.Sid === sid ? change(statement) : statement)),
  );

let emulator: WireServer;
let audit: DeployAudit | undefined;

beforeEach(async () => {
  emulator = await startWireServer();
  emulator.answer((request) =>
    request.body.toString().includes("GetCallerIdentity") ? CALLER_IDENTITY : EMPTY_JSON,
  );
});

afterEach(async () => {
  await audit?.stop();
  audit = undefined;
  await emulator.close();
});

const auditWith = async (policyFile: string): Promise<DeployAudit> => {
  audit = await startDeployAudit({
    endpoint: emulator.endpoint,
    log: new EventsLog({ write: () => {}, level: "warn" }),
    policyFile,
  });
  return audit;
};

const send = async (through: DeployAudit, raw: RawRequest) => {
  const headers = Object.fromEntries(
    Object.entries(raw.headers).map(([name, value]) => [name, String(value)]),
  );
  const response = await fetch(`${through.endpoint}${raw.url}`, {
    method: raw.method,
    headers,
    body: raw.body.length > 0 ? new Uint8Array(raw.body) : null,
  });
  await response.arrayBuffer();
};

describe("the deploy audit, by resource", () => {
  it("allows the provider's calls on the project's resources under the deployer policy", async () => {
    const through = await auditWith(DEPLOYER_POLICY);
    await send(through, createRole);
    await send(through, createFunction);
    const result = await through.evaluate();
    expect(result.denials).toEqual([]);
    expect(result).toMatchObject({ calls: 2, evaluations: 4 });
  });

  it("denies a call whose resource the policy's pattern no longer covers, naming action and resource", async () => {
    const narrowed = withStatement("ManageProjectRoles", (statement) => ({
      ...statement,
      Resource: "arn:*:iam::*:role/other-*",
    }));
    const through = await auditWith(narrowed);
    await send(through, createRole);
    expect((await through.evaluate()).denials).toEqual([
      `iam:CreateRole on ${ROLE} (aws:RequestTag/Project=shoebox)`,
      `iam:TagRole on ${ROLE} (aws:RequestTag/Project=shoebox)`,
    ]);
  });

  it("denies a create that sets tags when the policy lacks the tagging action (iam:TagRole beside iam:CreateRole)", async () => {
    const withoutTagRole = withStatement("ManageProjectRoles", (statement) => ({
      ...statement,
      Action: (statement.Action as string[]).filter((action) => action !== "iam:TagRole"),
    }));
    const through = await auditWith(withoutTagRole);
    await send(through, createRole);
    expect((await through.evaluate()).denials).toEqual([
      `iam:TagRole on ${ROLE} (aws:RequestTag/Project=shoebox)`,
    ]);
  });

  it("denies iam:PassRole to a service the policy's iam:PassedToService condition does not name", async () => {
    const narrowed = withStatement("PassProjectRolesToTheirServices", (statement) => ({
      ...statement,
      Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } },
    }));
    const through = await auditWith(narrowed);
    await send(through, createFunction);
    expect((await through.evaluate()).denials).toEqual([
      `iam:PassRole on ${ROLE} (iam:PassedToService=lambda.amazonaws.com)`,
    ]);
  });

  it("reads an event source mapping's function off the answer moto sends as text/html (GetEventSourceMapping names only the UUID)", async () => {
    const uuid = "17b8e0a5-3206-4513-89e5-39dcb2350e70";
    const mapping = (functionName: string) => ({
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: JSON.stringify({
        UUID: uuid,
        FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${functionName}`,
      }),
    });
    const getMapping = providerRequest("lambda", "GET", `/2015-03-31/event-source-mappings/${uuid}`);
    for (const [functionName, denials] of [
      ["shoebox-local-thumbnail", []],
      [
        "other-thumbnail",
        [
          `lambda:GetEventSourceMapping on arn:aws:lambda:eu-west-1:${ACCOUNT}:event-source-mapping:${uuid} (lambda:FunctionArn=arn:aws:lambda:eu-west-1:${ACCOUNT}:function:other-thumbnail)`,
        ],
      ],
    ] as const) {
      emulator.answer((request) =>
        request.body.toString().includes("GetCallerIdentity") ? CALLER_IDENTITY : mapping(functionName),
      );
      const through = await auditWith(DEPLOYER_POLICY);
      await send(through, getMapping);
      expect((await through.evaluate()).denials).toEqual(denials);
      await through.stop();
      audit = undefined;
    }
  });

  it("allows the provider's DescribeKey of alias/aws/dynamodb (each table read) only by the statement on that alias", async () => {
    // DynamoDB's default key, as AWS makes it: its key policy lets the account's IAM policies
    // decide who reads its metadata; it has no Project tag.
    const defaultKey = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0e6a7b4f-aaaa-bbbb-cccc-000000000000`;
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Allow direct access to key metadata to the account",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
          Resource: "*",
        },
      ],
    };
    const kmsAnswers: Record<string, unknown> = {
      "TrentService.DescribeKey": { KeyMetadata: { Arn: defaultKey } },
      "TrentService.GetKeyPolicy": { Policy: JSON.stringify(keyPolicy) },
      "TrentService.ListResourceTags": { Tags: [] },
    };
    emulator.answer((request) => {
      const answer = kmsAnswers[String(request.headers["x-amz-target"])];
      if (answer) return { ...EMPTY_JSON, body: JSON.stringify(answer) };
      return request.body.toString().includes("GetCallerIdentity") ? CALLER_IDENTITY : EMPTY_JSON;
    });
    const describeDefaultKey = jsonRequest("kms", "TrentService.DescribeKey", {
      KeyId: "alias/aws/dynamodb",
    });

    const allowed = await auditWith(DEPLOYER_POLICY);
    await send(allowed, describeDefaultKey);
    expect((await allowed.evaluate()).denials).toEqual([]);
    await allowed.stop();

    const without = policyWith((statements) =>
      statements.filter((statement) => statement.Sid !== "ReadTheDynamoDBDefaultKey"),
    );
    const denied = await auditWith(without);
    await send(denied, describeDefaultKey);
    expect((await denied.evaluate()).denials).toEqual([
      `kms:DescribeKey on ${defaultKey} (kms:CallerAccount=${ACCOUNT}, kms:RequestAlias=alias/aws/dynamodb)`,
    ]);
  });
});
