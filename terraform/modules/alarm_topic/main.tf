# Partition and region come from the provider's configuration (no API call); the account from the
# caller, which has looked it up once for the whole stack.
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = var.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Computed from the name: the topic's own policy names it, so referencing the topic would be a cycle.
  topic_arn = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name}"

  # Only this stack's alarms may use the topic and its key (confused-deputy guard): alarm names
  # all start with the prefix.
  alarm_arns = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.alarm_name_prefix}*"
}

data "aws_iam_policy_document" "key" {
  # CloudWatch publishes as itself and encrypts each notification with the topic's key, so the
  # key policy must let it: without this statement alarms change state but nobody hears of it.
  statement {
    sid       = "CloudWatchAlarmsEncryptNotifications"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.alarm_arns]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# A key of its own rather than the stack's data key: the data key's policy is about deliveries
# into queues and log groups, and a change there must not silence the pager.
module "key" {
  source = "../kms_key"

  alias       = var.name
  description = "${var.name}: alarm notifications (SNS)"
  account_id  = local.account_id
  policy_json = data.aws_iam_policy_document.key.json
  tags        = var.tags
}

# Only CloudWatch publishes, and only for this stack's alarms. People and pipelines of the
# account still manage the topic through their IAM policies; to test a page, change an alarm's
# state (docs/runbook.md), which goes through CloudWatch like a real one.
data "aws_iam_policy_document" "topic" {
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.alarm_arns]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# Not the topic module: that one takes no policy, and the policy is set in the same call that
# creates the topic, so the default (account-wide publish) policy never applies.
resource "aws_sns_topic" "this" {
  name              = var.name
  kms_master_key_id = module.key.arn
  policy            = data.aws_iam_policy_document.topic.json

  tags = var.tags
}

# SNS asks each address to confirm; until it does the subscription is pending, and Terraform can
# neither confirm nor delete it (SNS drops it after three days).
resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.emails)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}

# Pager and chat endpoints (PagerDuty, Opsgenie, ...) confirm the subscription themselves. By
# index, not for_each: the URLs carry integration keys and stay sensitive, and for_each keys
# cannot be. Removing one re-creates those after it, which such endpoints confirm again.
resource "aws_sns_topic_subscription" "https" {
  count = nonsensitive(length(var.https_endpoints))

  topic_arn              = aws_sns_topic.this.arn
  protocol               = "https"
  endpoint               = var.https_endpoints[count.index]
  endpoint_auto_confirms = true
}
