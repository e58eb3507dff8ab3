data "aws_iam_policy_document" "kms" {
  # S3 event notifications into the encrypted queues: S3 encrypts each message with the key as
  # itself, so the key policy must allow it (AWS's statement for event sources of encrypted
  # queues), here only on behalf of the uploads bucket in this account (confused-deputy guard).
  # The bucket's ARN is computed from its name: the bucket is encrypted with this key.
  statement {
    sid       = "S3NotifiesEncryptedQueues"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:s3:::${local.bucket_names["uploads"]}"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  # SNS deliveries into the encrypted subscribed queues, likewise only for this stack's topics
  # that have queue subscriptions (computed ARNs: the topics are encrypted with this key).
  statement {
    sid       = "SnsDeliversToEncryptedQueues"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = distinct([for subscription in local.topic_subscriptions : local.topic_arns[subscription.topic]])
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "CloudWatchLogsEncryptLogGroups"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    # Only this stack's log groups (functions, state machine, API access logs), named by the
    # encryption context CloudWatch Logs uses the key with (AWS's documented condition).
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values = [
        for group in ["/aws/lambda/", "/aws/vendedlogs/states/", "/aws/apigateway/"] :
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${group}${local.name_prefix}-*"
      ]
    }
  }

  # Log delivery reads the data keys an encrypted state machine's execution logs come with. A
  # service principal cannot hold IAM policies, so this one is in the key policy.
  statement {
    sid       = "CloudWatchLogsDeliveryDecrypts"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
    }
  }
}

module "kms_key" {
  source = "./modules/kms_key"

  alias       = local.name_prefix
  description = "${local.name_prefix}: S3, SQS, SNS, DynamoDB, Step Functions, CloudWatch Logs and Lambda environment encryption"
  account_id  = local.account_id
  policy_json = data.aws_iam_policy_document.kms.json
}
