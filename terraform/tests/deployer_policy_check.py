"""
Checks terraform/deployer-policy.json, the deploying role's policy, against the configuration:

1. every resource and data source type the .tf files use (root and modules) has an entry in
   REQUIRED below, so a new type cannot slip in without someone deciding what it needs;
2. every action an entry requires is allowed by a statement of the policy (IAM wildcards
   such as s3:Get* count);
3. every action the policy allows is required by some entry: nothing extra;
4. a statement with "Resource": "*" allows only actions that AWS cannot scope to a resource
   (NO_RESOURCE_LEVEL), or it carries a Condition that scopes it (tags, lambda:FunctionArn).

REQUIRED lists the IAM actions hashicorp/aws 5.x calls to create, read, update and delete each
type (with tags, as default_tags always sets some) as this configuration uses it, plus what the
service asks of the caller for the options it sets (a customer-managed key, access logging,
a VPC for receipt-delivery). It cannot prove the provider calls nothing else: the first apply with
only this policy is the final check (CloudTrail names any AccessDenied action).

Run: .venv/bin/python terraform/tests/deployer_policy_check.py   (tf-check runs it)
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from pathlib import Path

TERRAFORM = Path(__file__).resolve().parent.parent

LOG_DELIVERY = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
]
# Creating or changing a resource encrypted with the project's key: DynamoDB, Lambda and Step
# Functions check the key and take grants with the caller's permissions; Secrets Manager
# encrypts and decrypts the value with them.
USE_PROJECT_KEY = ["kms:DescribeKey", "kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
HTTP_API = ["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"]

REQUIRED: dict[str, list[str]] = {
    # Data sources that call no API needing a permission (GetCallerIdentity needs none).
    "data.aws_caller_identity": [],
    "data.aws_iam_policy_document": [],
    "data.aws_partition": [],
    "data.aws_region": [],
    "aws_apigatewayv2_api": HTTP_API,
    "aws_apigatewayv2_authorizer": HTTP_API,
    "aws_apigatewayv2_integration": [*HTTP_API, "iam:PassRole"],
    "aws_apigatewayv2_route": HTTP_API,
    # Access logging of an HTTP API stage is a vended log delivery made as the caller.
    "aws_apigatewayv2_stage": [*HTTP_API, *LOG_DELIVERY],
    # Access logs (log_bucket) make CloudFront grant its log delivery an ACL on the bucket, with
    # the caller's permissions.
    "aws_cloudfront_distribution": [
        "cloudfront:CreateDistribution",
        "cloudfront:GetDistribution",
        "cloudfront:UpdateDistribution",
        "cloudfront:DeleteDistribution",
        "cloudfront:ListTagsForResource",
        "cloudfront:TagResource",
        "cloudfront:UntagResource",
        "s3:GetBucketAcl",
        "s3:PutBucketAcl",
    ],
    "aws_cloudfront_origin_access_control": [
        "cloudfront:CreateOriginAccessControl",
        "cloudfront:GetOriginAccessControl",
        "cloudfront:UpdateOriginAccessControl",
        "cloudfront:DeleteOriginAccessControl",
    ],
    "aws_cloudfront_response_headers_policy": [
        "cloudfront:CreateResponseHeadersPolicy",
        "cloudfront:GetResponseHeadersPolicy",
        "cloudfront:UpdateResponseHeadersPolicy",
        "cloudfront:DeleteResponseHeadersPolicy",
    ],
    "aws_cloudwatch_log_group": [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:DescribeLogGroups",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
        "logs:ListTagsForResource",
        "logs:TagResource",
        "logs:UntagResource",
    ],
    "aws_cloudwatch_dashboard": ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
    "aws_cloudwatch_metric_alarm": [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
    ],
    # Tags come back with DescribeUserPool; MFA is a configuration of its own.
    "aws_cognito_user_pool": [
        "cognito-idp:CreateUserPool",
        "cognito-idp:DescribeUserPool",
        "cognito-idp:UpdateUserPool",
        "cognito-idp:DeleteUserPool",
        "cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:TagResource",
        "cognito-idp:UntagResource",
    ],
    "aws_cognito_user_pool_client": [
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:DeleteUserPoolClient",
    ],
    "aws_cognito_user_pool_domain": [
        "cognito-idp:CreateUserPoolDomain",
        "cognito-idp:DescribeUserPoolDomain",
        "cognito-idp:UpdateUserPoolDomain",
        "cognito-idp:DeleteUserPoolDomain",
    ],
    "aws_dynamodb_table": [
        "dynamodb:CreateTable",
        "dynamodb:DescribeTable",
        "dynamodb:UpdateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        *USE_PROJECT_KEY,
    ],
    "aws_iam_role": [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
    ],
    "aws_iam_role_policy": ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"],
    "aws_kms_key": [
        "kms:CreateKey",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:UpdateKeyDescription",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:ScheduleKeyDeletion",
    ],
    "aws_kms_alias": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:ListAliases"],
    "aws_lambda_function": [
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:ListTags",
        "lambda:TagResource",
        "lambda:UntagResource",
        "iam:PassRole",
        *USE_PROJECT_KEY,
        # A function in a VPC (receipt-delivery with delivery_subnet_ids): Lambda checks these as
        # the caller.
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
    ],
    "aws_lambda_event_source_mapping": [
        "lambda:CreateEventSourceMapping",
        "lambda:GetEventSourceMapping",
        "lambda:UpdateEventSourceMapping",
        "lambda:DeleteEventSourceMapping",
        "lambda:ListTags",
        "lambda:TagResource",
        "lambda:UntagResource",
    ],
    "aws_lambda_permission": ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"],
    "aws_s3_bucket": [
        "s3:CreateBucket",
        "s3:DeleteBucket",
        "s3:ListBucket",
        "s3:GetBucketAcl",
        "s3:GetBucketCORS",
        "s3:GetBucketLogging",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketPolicy",
        "s3:GetBucketRequestPayment",
        "s3:GetBucketTagging",
        "s3:PutBucketTagging",
        "s3:GetBucketVersioning",
        "s3:GetBucketWebsite",
        "s3:GetAccelerateConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
    ],
    "aws_s3_bucket_cors_configuration": ["s3:GetBucketCORS", "s3:PutBucketCORS"],
    "aws_s3_bucket_lifecycle_configuration": ["s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"],
    "aws_s3_bucket_notification": ["s3:GetBucketNotification", "s3:PutBucketNotification"],
    "aws_s3_bucket_ownership_controls": ["s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls"],
    "aws_s3_bucket_policy": ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
    "aws_s3_bucket_public_access_block": ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
    "aws_s3_bucket_server_side_encryption_configuration": [
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
    ],
    "aws_s3_bucket_versioning": ["s3:GetBucketVersioning", "s3:PutBucketVersioning"],
    "aws_secretsmanager_secret": [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        *USE_PROJECT_KEY,
    ],
    # Only with delivery_database_url: Terraform writes and reads back the value.
    "aws_secretsmanager_secret_version": [
        "secretsmanager:PutSecretValue",
        "secretsmanager:GetSecretValue",
        "secretsmanager:ListSecretVersionIds",
        "secretsmanager:UpdateSecretVersionStage",
        *USE_PROJECT_KEY,
    ],
    "aws_sfn_state_machine": [
        "states:CreateStateMachine",
        "states:DescribeStateMachine",
        "states:UpdateStateMachine",
        "states:DeleteStateMachine",
        "states:ValidateStateMachineDefinition",
        # Read: the provider lists the machine's versions (state_machine_version_arn).
        "states:ListStateMachineVersions",
        "states:ListTagsForResource",
        "states:TagResource",
        "states:UntagResource",
        "iam:PassRole",
        *LOG_DELIVERY,
        *USE_PROJECT_KEY,
    ],
    "aws_sns_topic": [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:ListTagsForResource",
        "sns:TagResource",
        "sns:UntagResource",
    ],
    "aws_sns_topic_subscription": [
        "sns:Subscribe",
        "sns:Unsubscribe",
        "sns:GetSubscriptionAttributes",
        "sns:SetSubscriptionAttributes",
        # The provider lists the topic's subscriptions to find the one it just made (seen by the
        # local stack's deploy audit, tools/devstack/src/iam/deploy-audit.ts).
        "sns:ListSubscriptionsByTopic",
    ],
    "aws_sqs_queue": [
        "sqs:CreateQueue",
        "sqs:DeleteQueue",
        "sqs:GetQueueUrl",
        "sqs:GetQueueAttributes",
        "sqs:SetQueueAttributes",
        "sqs:ListQueueTags",
        "sqs:TagQueue",
        "sqs:UntagQueue",
    ],
    "aws_sqs_queue_policy": ["sqs:GetQueueAttributes", "sqs:SetQueueAttributes"],
    "aws_sqs_queue_redrive_allow_policy": ["sqs:GetQueueAttributes", "sqs:SetQueueAttributes"],
}

# Actions AWS authorises only against "*" (no resource-level permissions), or, for
# kms:CreateKey, a resource that does not exist yet.
NO_RESOURCE_LEVEL = {
    "kms:CreateKey",
    "kms:ListAliases",
    # CloudWatch Logs' vended-log delivery and its resource policies take no resource.
    *LOG_DELIVERY,
    "cloudwatch:DescribeAlarms",
    "states:ValidateStateMachineDefinition",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
    # A user pool's id is made by CreateUserPool; a domain is looked up by its name alone.
    "cognito-idp:CreateUserPool",
    "cognito-idp:DescribeUserPoolDomain",
}

BLOCK = re.compile(r'^\s*(resource|data)\s+"(aws_[a-z0-9_]+)"', re.MULTILINE)


def used_types() -> dict[str, set[str]]:
    """Type (data sources as data.<type>) -> the files that declare one."""
    files = [*TERRAFORM.glob("*.tf"), *TERRAFORM.glob("modules/*/*.tf")]
    used: dict[str, set[str]] = {}
    for path in files:
        for kind, name in BLOCK.findall(path.read_text()):
            used.setdefault(f"data.{name}" if kind == "data" else name, set()).add(str(path.relative_to(TERRAFORM)))
    return used


def as_list(value: object) -> list[str]:
    return value if isinstance(value, list) else [value]  # type: ignore[return-value]


def allows(pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def main() -> int:
    policy = json.loads((TERRAFORM / "deployer-policy.json").read_text())
    statements = policy["Statement"]
    problems: list[str] = []

    used = used_types()
    for name in sorted(set(used) - set(REQUIRED)):
        problems.append(
            f"{name} ({', '.join(sorted(used[name]))}) has no entry in REQUIRED: add the actions it needs "
            "there and to deployer-policy.json"
        )
    for name in sorted(set(REQUIRED) - set(used)):
        problems.append(f"REQUIRED lists {name}, which the configuration no longer uses: drop it")

    patterns = [
        (statement.get("Sid", "?"), pattern)
        for statement in statements
        if statement["Effect"] == "Allow"
        for pattern in as_list(statement["Action"])
    ]
    required = {action for name in used if name in REQUIRED for action in REQUIRED[name]}
    for action in sorted(required):
        if not any(allows(pattern, action) for _, pattern in patterns):
            needed_by = sorted(name for name in used if action in REQUIRED.get(name, []))
            problems.append(f"{action} (needed by {', '.join(needed_by)}) is not allowed by deployer-policy.json")
    for sid, pattern in patterns:
        if not any(allows(pattern, action) for action in required):
            problems.append(f"{sid}: {pattern} is allowed but no resource type of the configuration needs it")

    for statement in statements:
        if "*" in as_list(statement.get("Resource", [])) and "Condition" not in statement:
            for pattern in as_list(statement["Action"]):
                if pattern not in NO_RESOURCE_LEVEL:
                    problems.append(
                        f"{statement.get('Sid', '?')}: {pattern} on \"*\" without a Condition, though AWS can scope it"
                    )
        if statement["Effect"] != "Allow" or "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{statement.get('Sid', '?')}: only plain Allow statements (no NotAction/NotResource)")

    for problem in problems:
        print(f"deployer-policy: {problem}")
    print(
        f"deployer-policy: {len(used)} resource and data source types, {len(required)} actions, "
        f"{len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
