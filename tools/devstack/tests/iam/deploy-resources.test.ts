import { describe, expect, it } from "vitest";
import { parseAwsRequest, type RawRequest } from "../../src/iam/aws-request.ts";
import { deployChecksOf } from "../../src/iam/deploy-resources.ts";
import { ACCOUNT } from "./fixtures.ts";
import { jsonRequest, providerRequest, queryRequest } from "./provider-calls.ts";

/* The request shapes below are those of a real apply of terraform/ (captured through the audit). */

const checksOf = (raw: RawRequest, answer?: Record<string, unknown>) =>
  deployChecksOf(
    { request: parseAwsRequest(raw), method: raw.method, url: raw.url, body: raw.body, answer },
    { accountId: ACCOUNT, partition: "aws" },
  );

/** Action and resource of each check, the form denials take. */
const targets = (raw: RawRequest, answer?: Record<string, unknown>) =>
  checksOf(raw, answer)?.map(({ action, resource }) => `${action} on ${resource}`);

const TAGS = { ManagedBy: "terraform", Project: "shoebox", Environment: "local" };
const REQUEST_TAGS = {
  "aws:RequestTag/ManagedBy": "terraform",
  "aws:RequestTag/Project": "shoebox",
  "aws:RequestTag/Environment": "local",
  "aws:TagKeys": ["ManagedBy", "Project", "Environment"],
};

describe("deployChecksOf: IAM", () => {
  it("authorises role calls on the role, CreateRole with its path and its tags as aws:RequestTag", () => {
    const create = queryRequest("iam", {
      Action: "CreateRole",
      AssumeRolePolicyDocument: "{}",
      MaxSessionDuration: "3600",
      Path: "/",
      RoleName: "shoebox-local-euw1-archive-fanout",
      "Tags.member.1.Key": "ManagedBy",
      "Tags.member.1.Value": "terraform",
      "Tags.member.2.Key": "Project",
      "Tags.member.2.Value": "shoebox",
      "Tags.member.3.Key": "Environment",
      "Tags.member.3.Value": "local",
      Version: "2010-05-08",
    });
    expect(checksOf(create)).toEqual([
      {
        action: "iam:CreateRole",
        resource: `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-archive-fanout`,
        context: REQUEST_TAGS,
      },
      // Creating with tags needs the tagging action too.
      {
        action: "iam:TagRole",
        resource: `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-archive-fanout`,
        context: REQUEST_TAGS,
      },
    ]);
    expect(
      targets(
        queryRequest("iam", {
          Action: "GetRolePolicy",
          PolicyName: "shoebox-local-receipt-workflow-runtime",
          RoleName: "shoebox-local-euw1-receipt-workflow",
          Version: "2010-05-08",
        }),
      ),
    ).toEqual([`iam:GetRolePolicy on arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-receipt-workflow`]);
  });
});

describe("deployChecksOf: Lambda", () => {
  it("authorises CreateFunction on the function and implies iam:PassRole of its role to lambda.amazonaws.com", () => {
    const create = providerRequest(
      "lambda",
      "POST",
      "/2015-03-31/functions",
      { "content-type": "application/json" },
      JSON.stringify({
        FunctionName: "shoebox-local-photos-api",
        Handler: "index.handler",
        Role: `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-photos-api`,
        Runtime: "nodejs22.x",
        Tags: TAGS,
      }),
    );
    expect(checksOf(create)).toEqual([
      {
        action: "lambda:CreateFunction",
        resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shoebox-local-photos-api`,
        context: REQUEST_TAGS,
      },
      {
        action: "lambda:TagResource",
        resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shoebox-local-photos-api`,
        context: REQUEST_TAGS,
      },
      {
        action: "iam:PassRole",
        resource: `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-photos-api`,
        context: { "iam:PassedToService": "lambda.amazonaws.com" },
      },
    ]);
  });

  it("reads the function from the path of the other calls, and the tagged ARN from /tags/", () => {
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shoebox-local-uploads-api`;
    expect(
      targets(
        providerRequest(
          "lambda",
          "POST",
          "/2015-03-31/functions/shoebox-local-uploads-api/policy",
          {},
          JSON.stringify({ Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com" }),
        ),
      ),
    ).toEqual([`lambda:AddPermission on ${fn}`]);
    expect(
      targets(
        providerRequest(
          "lambda",
          "GET",
          "/2020-06-30/functions/shoebox-local-uploads-api/code-signing-config",
        ),
      ),
    ).toEqual([`lambda:GetFunctionCodeSigningConfig on ${fn}`]);
    expect(targets(providerRequest("lambda", "GET", `/2017-03-31/tags/${encodeURIComponent(fn)}`))).toEqual([
      `lambda:ListTags on ${fn}`,
    ]);
  });

  it("gives an event source mapping lambda:FunctionArn: from the request on create, from the answer on a get by UUID", () => {
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shoebox-local-thumbnail`;
    expect(
      checksOf(
        providerRequest(
          "lambda",
          "POST",
          "/2015-03-31/event-source-mappings/",
          {},
          JSON.stringify({
            EventSourceArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:shoebox-local-uploads`,
            FunctionName: "shoebox-local-thumbnail",
          }),
        ),
      ),
    ).toEqual([
      { action: "lambda:CreateEventSourceMapping", resource: "*", context: { "lambda:FunctionArn": fn } },
    ]);
    const uuid = "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE";
    expect(
      checksOf(providerRequest("lambda", "GET", `/2015-03-31/event-source-mappings/${uuid}`), {
        UUID: uuid,
        FunctionArn: fn,
      }),
    ).toEqual([
      {
        action: "lambda:GetEventSourceMapping",
        resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:event-source-mapping:${uuid}`,
        context: { "lambda:FunctionArn": fn },
      },
    ]);
  });
});

describe("deployChecksOf: tags set on create", () => {
  it("implies each service's tagging action on what the create makes, whatever the API calls its tags", () => {
    const tagChecks = (raw: RawRequest, answer?: Record<string, unknown>) =>
      checksOf(raw, answer)?.filter((check) => /:Tag(Resource|Queue|Role)$/.test(check.action));
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:shoebox-local-uploads`;
    expect(
      tagChecks(
        jsonRequest("sqs", "AmazonSQS.CreateQueue", { QueueName: "shoebox-local-uploads", tags: TAGS }),
      ),
    ).toEqual([{ action: "sqs:TagQueue", resource: queue, context: REQUEST_TAGS }]);
    const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shoebox-local-photos`;
    expect(
      tagChecks(
        jsonRequest("dynamodb", "DynamoDB_20120810.CreateTable", {
          TableName: "shoebox-local-photos",
          Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })),
        }),
      ),
    ).toEqual([{ action: "dynamodb:TagResource", resource: table, context: REQUEST_TAGS }]);
    // A new mapping is named by the UUID of the answer.
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:shoebox-local-thumbnail`;
    const uuid = "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE";
    const createMapping = providerRequest(
      "lambda",
      "POST",
      "/2015-03-31/event-source-mappings/",
      {},
      JSON.stringify({ EventSourceArn: queue, FunctionName: "shoebox-local-thumbnail", Tags: TAGS }),
    );
    expect(tagChecks(createMapping, { UUID: uuid, FunctionArn: fn })).toEqual([
      {
        action: "lambda:TagResource",
        resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:event-source-mapping:${uuid}`,
        context: { "lambda:FunctionArn": fn, ...REQUEST_TAGS },
      },
    ]);
    // Without tags there is nothing to tag.
    expect(
      tagChecks(jsonRequest("sqs", "AmazonSQS.CreateQueue", { QueueName: "shoebox-local-uploads" })),
    ).toEqual([]);
  });
});

describe("deployChecksOf: CloudWatch Logs and CloudWatch", () => {
  it("authorises log group calls on the log group, by name or by ARN", () => {
    const group = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/shoebox-local-receipt-delivery`;
    expect(
      checksOf(
        jsonRequest("logs", "Logs_20140328.CreateLogGroup", {
          logGroupName: "/aws/lambda/shoebox-local-receipt-delivery",
          tags: TAGS,
        }),
      ),
    ).toEqual([
      { action: "logs:CreateLogGroup", resource: group, context: REQUEST_TAGS },
      { action: "logs:TagResource", resource: group, context: REQUEST_TAGS },
    ]);
    expect(targets(jsonRequest("logs", "Logs_20140328.ListTagsForResource", { resourceArn: group }))).toEqual(
      [`logs:ListTagsForResource on ${group}`],
    );
  });

  it("authorises alarms on each alarm (regional) and dashboards on the dashboard (global)", () => {
    expect(
      targets(
        queryRequest("monitoring", {
          Action: "DescribeAlarms",
          "AlarmNames.member.1": "shoebox-local-receipt-workflow-failed",
          "AlarmTypes.member.1": "MetricAlarm",
          Version: "2010-08-01",
        }),
      ),
    ).toEqual([
      `cloudwatch:DescribeAlarms on arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:shoebox-local-receipt-workflow-failed`,
    ]);
    expect(
      targets(
        queryRequest("monitoring", {
          Action: "PutDashboard",
          DashboardBody: "{}",
          DashboardName: "shoebox-local-euw1",
        }),
      ),
    ).toEqual([`cloudwatch:PutDashboard on arn:aws:cloudwatch::${ACCOUNT}:dashboard/shoebox-local-euw1`]);
  });
});

describe("deployChecksOf: S3, DynamoDB, SQS, SNS", () => {
  it("authorises bucket configuration on the bucket", () => {
    expect(
      targets(providerRequest("s3", "PUT", "/shoebox-local-euw1-uploads-123456789012?publicAccessBlock=")),
    ).toEqual(["s3:PutBucketPublicAccessBlock on arn:aws:s3:::shoebox-local-euw1-uploads-123456789012"]);
    expect(targets(providerRequest("s3", "HEAD", "/shoebox-local-euw1-uploads-123456789012"))).toEqual([
      "s3:ListBucket on arn:aws:s3:::shoebox-local-euw1-uploads-123456789012",
    ]);
  });

  it("authorises table calls on the table, by name (as the IAM gate reads it) or by ResourceArn", () => {
    const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/shoebox-local-profiles`;
    expect(
      targets(
        jsonRequest("dynamodb", "DynamoDB_20120810.DescribeContinuousBackups", {
          TableName: "shoebox-local-profiles",
        }),
      ),
    ).toEqual([`dynamodb:DescribeContinuousBackups on ${table}`]);
    expect(
      targets(jsonRequest("dynamodb", "DynamoDB_20120810.ListTagsOfResource", { ResourceArn: table })),
    ).toEqual([`dynamodb:ListTagsOfResource on ${table}`]);
  });

  it("authorises queue calls on the queue, by name or URL", () => {
    const queue = `arn:aws:sqs:eu-west-1:${ACCOUNT}:shoebox-local-receipt-delivery-dlq`;
    expect(
      targets(
        jsonRequest("sqs", "AmazonSQS.CreateQueue", { QueueName: "shoebox-local-receipt-delivery-dlq" }),
      ),
    ).toEqual([`sqs:CreateQueue on ${queue}`]);
    expect(
      targets(
        jsonRequest("sqs", "AmazonSQS.GetQueueAttributes", {
          AttributeNames: ["All"],
          QueueUrl: `http://127.0.0.1:36715/${ACCOUNT}/shoebox-local-receipt-delivery-dlq`,
        }),
      ),
    ).toEqual([`sqs:GetQueueAttributes on ${queue}`]);
  });

  it("authorises topic calls on the topic: by name on create, a subscription's by its topic", () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:shoebox-local-events`;
    expect(
      targets(
        queryRequest("sns", { Action: "CreateTopic", Name: "shoebox-local-events", Version: "2010-03-31" }),
      ),
    ).toEqual([`sns:CreateTopic on ${topic}`]);
    expect(
      targets(
        queryRequest("sns", {
          Action: "GetSubscriptionAttributes",
          SubscriptionArn: `${topic}:c320714a-bce9-4155-af31-90db8ca8988f`,
          Version: "2010-03-31",
        }),
      ),
    ).toEqual([`sns:GetSubscriptionAttributes on ${topic}`]);
  });
});

describe("deployChecksOf: KMS, Secrets Manager, Step Functions", () => {
  it("authorises CreateKey on * with its tags as aws:RequestTag, CreateAlias on the alias and on the key", () => {
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/643f8845-8a84-435f-9d1b-7bd16f7f6637`;
    const create = checksOf(
      jsonRequest("kms", "TrentService.CreateKey", {
        KeyUsage: "ENCRYPT_DECRYPT",
        Tags: Object.entries(TAGS).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      }),
      { KeyMetadata: { Arn: key } },
    );
    const context = { "kms:CallerAccount": ACCOUNT, ...REQUEST_TAGS };
    // The tags are set on the new key, which only the answer names.
    expect(create).toEqual([
      { action: "kms:CreateKey", resource: "*", context },
      { action: "kms:TagResource", resource: key, context },
    ]);
    expect(
      targets(
        jsonRequest("kms", "TrentService.CreateAlias", {
          AliasName: "alias/shoebox-local",
          TargetKeyId: "643f8845-8a84-435f-9d1b-7bd16f7f6637",
        }),
      ),
    ).toEqual([
      `kms:CreateAlias on arn:aws:kms:eu-west-1:${ACCOUNT}:alias/shoebox-local`,
      `kms:CreateAlias on arn:aws:kms:eu-west-1:${ACCOUNT}:key/643f8845-8a84-435f-9d1b-7bd16f7f6637`,
    ]);
  });

  it("authorises a call naming a key by alias on the key the answer names, with kms:RequestAlias", () => {
    const managedKey = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0e6a7b4f-aaaa-bbbb-cccc-000000000000`;
    expect(
      checksOf(jsonRequest("kms", "TrentService.DescribeKey", { KeyId: "alias/aws/dynamodb" }), {
        KeyMetadata: { Arn: managedKey },
      }),
    ).toEqual([
      {
        action: "kms:DescribeKey",
        resource: managedKey,
        context: { "kms:CallerAccount": ACCOUNT, "kms:RequestAlias": "alias/aws/dynamodb" },
      },
    ]);
  });

  it("evaluates nothing for an alias that names no key: KMS answers NotFound before authorising", () => {
    expect(checksOf(jsonRequest("kms", "TrentService.DescribeKey", { KeyId: "alias/aws/dynamodb" }))).toEqual(
      [],
    );
  });

  it("authorises CreateSecret on the ARN the answer gives (with its random suffix), the rest on SecretId", () => {
    const arn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shoebox-local/delivery-database-url-vqhvHa`;
    const create = jsonRequest("secretsmanager", "secretsmanager.CreateSecret", {
      Name: "shoebox-local/delivery-database-url",
      Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })),
    });
    expect(checksOf(create, { ARN: arn, Name: "shoebox-local/delivery-database-url" })).toEqual([
      { action: "secretsmanager:CreateSecret", resource: arn, context: REQUEST_TAGS },
      { action: "secretsmanager:TagResource", resource: arn, context: REQUEST_TAGS },
    ]);
    expect(
      targets(jsonRequest("secretsmanager", "secretsmanager.DescribeSecret", { SecretId: arn })),
    ).toEqual([`secretsmanager:DescribeSecret on ${arn}`]);
  });

  it("authorises CreateStateMachine on the state machine and implies iam:PassRole to states.amazonaws.com", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-receipt-workflow`;
    const machine = `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:shoebox-local-receipt-workflow`;
    expect(
      checksOf(
        jsonRequest("states", "AWSStepFunctions.CreateStateMachine", {
          definition: "{}",
          name: "shoebox-local-receipt-workflow",
          roleArn: role,
          tags: Object.entries(TAGS).map(([key, value]) => ({ key, value })),
          type: "STANDARD",
        }),
      ),
    ).toEqual([
      { action: "states:CreateStateMachine", resource: machine, context: REQUEST_TAGS },
      { action: "states:TagResource", resource: machine, context: REQUEST_TAGS },
      { action: "iam:PassRole", resource: role, context: { "iam:PassedToService": "states.amazonaws.com" } },
    ]);
    expect(
      targets(
        jsonRequest("states", "AWSStepFunctions.ListStateMachineVersions", { stateMachineArn: machine }),
      ),
    ).toEqual([`states:ListStateMachineVersions on ${machine}`]);
  });
});

describe("deployChecksOf: API Gateway, Cognito, CloudFront", () => {
  it("authorises API Gateway on the resource path, and an integration's credentials as iam:PassRole", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/shoebox-local-euw1-api-sqs`;
    expect(
      checksOf(
        providerRequest(
          "apigateway",
          "POST",
          "/v2/apis/nwbyyuxv/integrations",
          {},
          JSON.stringify({ CredentialsArn: role, IntegrationType: "AWS_PROXY" }),
        ),
      ),
    ).toEqual([
      {
        action: "apigateway:POST",
        resource: "arn:aws:apigateway:eu-west-1::/apis/nwbyyuxv/integrations",
        context: {},
      },
      {
        action: "iam:PassRole",
        resource: role,
        context: { "iam:PassedToService": "apigateway.amazonaws.com" },
      },
    ]);
  });

  it("authorises user pool calls on the pool", () => {
    expect(
      targets(
        jsonRequest("cognito-idp", "AWSCognitoIdentityProviderService.DescribeUserPool", {
          UserPoolId: "eu-west-1_abc",
        }),
      ),
    ).toEqual([
      `cognito-idp:DescribeUserPool on arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_abc`,
    ]);
  });

  it("evaluates on * a call whose resource it cannot name", () => {
    expect(targets(jsonRequest("kms", "TrentService.ListAliases", {}))).toEqual(["kms:ListAliases on *"]);
    expect(checksOf(queryRequest("sts", { Action: "GetCallerIdentity" }))).toBeUndefined();
  });
});
