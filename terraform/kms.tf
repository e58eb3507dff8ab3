data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_109:In a key policy "*" means this key only; the account statement is the standard one that delegates access control to IAM.
  #checkov:skip=CKV_AWS_111:In a key policy "*" means this key only; write access is further limited by IAM policies.
  #checkov:skip=CKV_AWS_356:In a key policy "*" means this key only.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # S3 event notifications and SNS deliveries into the encrypted queues.
  statement {
    sid       = "AwsServicesUseForQueues"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com", "sns.amazonaws.com"]
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
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${data.aws_region.current.name}:${local.account_id}:log-group:*"]
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
      values   = ["arn:${local.partition}:logs:${data.aws_region.current.name}:${local.account_id}:*"]
    }
  }
}

module "kms_key" {
  source = "./modules/kms_key"

  alias       = local.name_prefix
  description = "${local.name_prefix}: S3, SQS, SNS, DynamoDB, Step Functions, CloudWatch Logs and Lambda environment encryption"
  policy_json = data.aws_iam_policy_document.kms.json
}
