import { describe, expect, it } from "vitest";
import { awsActionsOf, awsCommandOf, awsServices } from "../../build/aws-actions.mjs";
import { BuildError } from "../../build/errors.mjs";

const actionsOf = (clientPackage, commandName) => {
  const { required, oneOf, optional } = awsCommandOf(clientPackage, commandName);
  return { required, oneOf, optional };
};

describe("awsCommandOf", () => {
  it.each([
    ["client-dynamodb", "PutItem", ["dynamodb:PutItem"]],
    ["client-dynamodb", "BatchWriteItem", ["dynamodb:BatchWriteItem"]],
    ["client-dynamodb", "TransactGetItems", ["dynamodb:GetItem"]],
    ["client-s3", "PutObject", ["s3:PutObject"]],
    ["client-s3", "ListObjectsV2", ["s3:ListBucket"]],
    ["client-s3", "CopyObject", ["s3:GetObject", "s3:PutObject"]],
    ["client-sqs", "SendMessageBatch", ["sqs:SendMessage"]],
    ["client-sqs", "DeleteMessageBatch", ["sqs:DeleteMessage"]],
    ["client-sqs", "ChangeMessageVisibilityBatch", ["sqs:ChangeMessageVisibility"]],
    ["client-sns", "PublishBatch", ["sns:Publish"]],
    ["client-sfn", "StartExecution", ["states:StartExecution"]],
    ["client-secrets-manager", "GetSecretValue", ["secretsmanager:GetSecretValue"]],
  ])("authorises %s %s as %j", (clientPackage, commandName, required) => {
    expect(actionsOf(clientPackage, commandName)).toEqual({ required, oneOf: [], optional: [] });
  });

  it("authorises HeadObject as s3:GetObject, with s3:ListBucket optional (404 instead of AccessDenied) and s3:GetObjectVersion for a version", () => {
    expect(awsCommandOf("client-s3", "HeadObject")).toEqual({
      command: "S3:HeadObject",
      required: ["s3:GetObject"],
      oneOf: [],
      optional: ["s3:ListBucket", "s3:GetObjectVersion"],
    });
  });

  it("authorises DeleteObject as s3:DeleteObject, or s3:DeleteObjectVersion when it names a version", () => {
    expect(actionsOf("client-s3", "DeleteObject")).toEqual({
      required: [],
      oneOf: [["s3:DeleteObject", "s3:DeleteObjectVersion"]],
      optional: [],
    });
  });

  it("authorises TransactWriteItems per item: one of the four item actions", () => {
    expect(actionsOf("client-dynamodb", "TransactWriteItems")).toEqual({
      required: [],
      oneOf: [
        ["dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      ],
      optional: [],
    });
  });

  it("marks the commands a client sends on its own, with the reason", () => {
    expect(awsCommandOf("client-s3", "CreateSession")).toEqual({
      command: "S3:CreateSession",
      sentByClient: expect.stringMatching(/directory buckets/),
    });
    expect(awsCommandOf("client-dynamodb", "DescribeEndpoints").sentByClient).toMatch(/endpoint discovery/);
  });

  it("fails for an unknown command of a known client, naming where to add it", () => {
    expect(() => awsCommandOf("client-sns", "CreateTopic")).toThrow(BuildError);
    expect(() => awsCommandOf("client-sns", "CreateTopic")).toThrow(
      'add it to awsServices["client-sns"].commands in scripts/build/aws-actions.mjs',
    );
  });

  it("fails for a client the table does not know, asking for the service and its prefix too", () => {
    expect(() => awsCommandOf("client-kinesis", "PutRecord")).toThrow(
      /@aws-sdk\/client-kinesis PutRecordCommand.*add it as awsServices\["client-kinesis"\] \(the service, its IAM prefix/,
    );
  });

  it("describes every command of the table with qualified actions of its own service", () => {
    for (const [clientPackage, { prefix, commands }] of Object.entries(awsServices)) {
      for (const commandName of Object.keys(commands)) {
        const described = awsCommandOf(clientPackage, commandName);
        if (described.sentByClient) continue;
        const actions = [...described.required, ...described.oneOf.flat(), ...described.optional];
        expect(actions.length, `${clientPackage} ${commandName}`).toBeGreaterThan(0);
        for (const action of actions) expect(action).toMatch(new RegExp(`^${prefix}:[A-Z][A-Za-z]+$`));
      }
    }
  });
});

describe("awsActionsOf", () => {
  it("sorts and deduplicates commands and actions, keeps one-of groups and leaves out client-sent commands", () => {
    const commands = [
      awsCommandOf("client-sns", "Publish"),
      awsCommandOf("client-s3", "HeadObject"),
      awsCommandOf("client-s3", "GetObject"),
      awsCommandOf("client-s3", "CreateSession"),
      awsCommandOf("client-dynamodb", "UpdateItem"),
      awsCommandOf("client-dynamodb", "TransactWriteItems"),
      awsCommandOf("client-sns", "PublishBatch"),
    ];

    expect(awsActionsOf(commands)).toEqual({
      awsCommands: [
        "DynamoDB:TransactWriteItems",
        "DynamoDB:UpdateItem",
        "S3:GetObject",
        "S3:HeadObject",
        "SNS:Publish",
        "SNS:PublishBatch",
      ],
      awsActions: {
        required: ["dynamodb:UpdateItem", "s3:GetObject", "sns:Publish"],
        oneOf: [
          ["dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        ],
        optional: ["s3:GetObjectVersion", "s3:ListBucket"],
      },
    });
  });

  it("gives empty lists for a bundle that sends no AWS command", () => {
    expect(awsActionsOf([])).toEqual({
      awsCommands: [],
      awsActions: { required: [], oneOf: [], optional: [] },
    });
  });
});
