module "queue" {
  source   = "./modules/queue"
  for_each = local.queues

  name        = "${local.name_prefix}-${each.key}"
  kms_key_arn = module.kms_key.arn
  # AWS guidance for Lambda consumers: at least 6x the function timeout, so a retried batch
  # is not redelivered while a slow invocation still holds it.
  visibility_timeout_seconds = 6 * local.functions[each.value.consumer].timeout
  max_receive_count          = each.value.max_receive_count
  message_retention_seconds  = each.value.message_retention_seconds
  # Only the delivery queue may be FIFO: order matters where a receipt's versions reach the
  # customer's database (README, "Order of deliveries").
  fifo = each.key == "receipt-delivery" && var.delivery_queue_fifo
}

# Queues the uploads bucket notifies: only that bucket, in this account, may send.
data "aws_iam_policy_document" "bucket_notification_queue" {
  for_each = local.uploads_bucket_notifications

  statement {
    sid       = "S3UploadsBucketSendsEvents"
    actions   = ["sqs:SendMessage"]
    resources = [module.queue[each.value.queue].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [module.bucket["uploads"].arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "bucket_notifications" {
  for_each = local.uploads_bucket_notifications

  queue_url = module.queue[each.value.queue].url
  policy    = data.aws_iam_policy_document.bucket_notification_queue[each.key].json
}

moved {
  from = aws_sqs_queue_policy.uploads
  to   = aws_sqs_queue_policy.bucket_notifications["uploads"]
}

# Queues subscribed to a topic: only SNS, for that topic, may send.
data "aws_iam_policy_document" "subscribed_queue" {
  for_each = local.topic_subscriptions

  statement {
    sid       = "SnsTopicDelivers"
    actions   = ["sqs:SendMessage"]
    resources = [module.queue[each.value.queue].arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [module.topic[each.value.topic].arn]
    }
  }
}

resource "aws_sqs_queue_policy" "subscribed" {
  for_each = local.topic_subscriptions

  queue_url = module.queue[each.value.queue].url
  policy    = data.aws_iam_policy_document.subscribed_queue[each.key].json
}
