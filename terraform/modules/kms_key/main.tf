# Partition from the provider's configuration (no API call); the account from the caller, which
# has looked it up once for the whole stack.
data "aws_partition" "current" {}

# Without it nobody could change or delete the key, not even the account's root: every key policy
# starts with it and delegates the rest of the access control to IAM.
data "aws_iam_policy_document" "account_administers" {
  #checkov:skip=CKV_AWS_109:In a key policy "*" means this key only; the account statement is the standard one that delegates access control to IAM.
  #checkov:skip=CKV_AWS_111:In a key policy "*" means this key only; write access is further limited by IAM policies.
  #checkov:skip=CKV_AWS_356:In a key policy "*" means this key only.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${var.account_id}:root"]
    }
  }
}

# The account's statement first, then the caller's; a caller's AccountAdministers Sid is an error
# (source documents' Sids must be unique), not a replacement.
data "aws_iam_policy_document" "key" {
  source_policy_documents = [data.aws_iam_policy_document.account_administers.json, var.policy_json]
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.key.json

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
