import { describe, expect, it } from "vitest";
import { comparePolicyActions, sqsEventSourceActions } from "../../build/iam-policy.mjs";

const policy = (...statements) => ({ Version: "2012-10-17", Statement: statements });
const allow = (Action, Resource = "*") => ({ Effect: "Allow", Action, Resource });

// thumbnail's awsActions as the build writes them.
const thumbnailActions = {
  required: ["dynamodb:GetItem", "dynamodb:UpdateItem", "s3:GetObject", "s3:PutObject", "sns:Publish"],
  oneOf: [["dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]],
  optional: ["s3:ListBucket"],
};

describe("comparePolicyActions", () => {
  it("finds nothing missing or unused when the policies grant exactly what the bundle needs", () => {
    const policies = [
      policy(allow(["s3:GetObject", "s3:ListBucket"]), allow("s3:PutObject")),
      policy(allow(["dynamodb:GetItem", "dynamodb:UpdateItem"]), allow("sns:Publish")),
    ];

    expect(comparePolicyActions(thumbnailActions, policies)).toEqual({ missing: [], unused: [] });
  });

  it("reports required actions no Allow statement grants, ignoring Deny statements", () => {
    const policies = [
      policy(allow(["dynamodb:GetItem", "dynamodb:UpdateItem", "s3:GetObject"])),
      policy({ Effect: "Deny", Action: "sns:Publish", Resource: "*" }),
    ];

    expect(comparePolicyActions(thumbnailActions, policies).missing).toEqual(["s3:PutObject", "sns:Publish"]);
  });

  it("reports a one-of group only when none of its actions is granted", () => {
    const transactionOnly = { required: [], oneOf: thumbnailActions.oneOf, optional: [] };

    expect(comparePolicyActions(transactionOnly, [policy(allow("dynamodb:PutItem"))]).missing).toEqual([]);
    expect(comparePolicyActions(transactionOnly, [policy(allow("dynamodb:GetItem"))]).missing).toEqual([
      "dynamodb:ConditionCheckItem | dynamodb:DeleteItem | dynamodb:PutItem | dynamodb:UpdateItem",
    ]);
  });

  it("honours IAM wildcards, case-insensitively, in Action and NotAction", () => {
    const policies = [
      policy(allow("s3:*Object"), allow("dynamodb:*"), {
        Effect: "Allow",
        NotAction: ["s3:*", "dynamodb:*"],
      }),
    ];

    expect(comparePolicyActions(thumbnailActions, policies).missing).toEqual([]);
    expect(
      comparePolicyActions({ required: ["sns:Publish", "s3:GetObject"] }, [policy(allow("SNS:pub?ish"))])
        .missing,
    ).toEqual(["s3:GetObject"]);
  });

  it("reports granted actions no command needs, as written in the policy, but not optional ones", () => {
    const policies = [
      policy(allow(["s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:PutObject"])),
      policy(allow(["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Scan", "sns:*"])),
      policy(allow("sqs:Send*")),
    ];

    expect(comparePolicyActions(thumbnailActions, policies).unused).toEqual([
      "dynamodb:Scan",
      "s3:DeleteObject",
      "sqs:Send*",
    ]);
  });

  it("does not report KMS, CloudWatch Logs, X-Ray or the caller's implicit actions as unused", () => {
    const policies = [
      policy(allow(["kms:Decrypt", "kms:GenerateDataKey*", "logs:CreateLogStream", "logs:PutLogEvents"])),
      policy(allow(["xray:PutTraceSegments", ...sqsEventSourceActions])),
    ];
    const receiptDelivery = {
      required: ["sqs:ChangeMessageVisibility", "sqs:GetQueueUrl"],
      oneOf: [],
      optional: [],
    };

    expect(comparePolicyActions(receiptDelivery, policies, { implicit: sqsEventSourceActions })).toEqual({
      missing: ["sqs:GetQueueUrl"],
      unused: [],
    });
    expect(comparePolicyActions(receiptDelivery, policies).unused).toEqual([
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]);
  });

  it("reads policy documents as IAM's API returns them: JSON text, URL-encoded, one statement not in a list", () => {
    const document = JSON.stringify({ Version: "2012-10-17", Statement: allow("sns:Publish") });

    const fromText = comparePolicyActions({ required: ["sns:Publish"] }, [document]);
    const fromUrlEncoded = comparePolicyActions({ required: ["sns:Publish"] }, [
      encodeURIComponent(document),
    ]);

    expect(fromText).toEqual({ missing: [], unused: [] });
    expect(fromUrlEncoded).toEqual({ missing: [], unused: [] });
  });
});
