# photo.processed / photo.failed, published by thumbnail with a message attribute eventType
# so subscribers can filter on it.
locals {
  # Computed, so the key policy can name the topics without a cycle (topic -> key).
  topic_names = { events = "${local.name_prefix}-events" }
  topic_arns  = { for key, name in local.topic_names : key => "arn:${local.partition}:sns:${local.region}:${local.account_id}:${name}" }
}

module "topic" {
  source   = "./modules/topic"
  for_each = local.topic_names

  name        = each.value
  kms_key_arn = module.kms_key.arn
}

# SNS delivers to the encrypted queues with the key (the key policy's SnsDeliversToEncryptedQueues).
resource "aws_sns_topic_subscription" "queue" {
  for_each = local.topic_subscriptions

  topic_arn            = module.topic[each.value.topic].arn
  protocol             = "sqs"
  endpoint             = module.queue[each.value.queue].arn
  raw_message_delivery = each.value.raw_message_delivery
  filter_policy        = jsonencode(each.value.filter_policy)
  filter_policy_scope  = each.value.filter_policy_scope

  # Deliveries before the queue policy exists would be refused.
  depends_on = [aws_sqs_queue_policy.subscribed]
}

# Email for people (issue 15): each owner's address gets that owner's review events, the
# escalation addresses every escalation. SNS filters on the message attributes review-request
# and the workflow set (eventType, ownerId). An email subscription stays "pending confirmation"
# until its recipient confirms; Terraform cannot confirm it, and cannot delete it while pending
# (SNS drops an unconfirmed one after three days).
locals {
  owner_review_events = ["review.requested", "review.reminder", "review.escalated"]
  email_subscriptions = merge(
    {
      for owner, address in var.notification_emails : "owner-${owner}" => {
        address       = address
        filter_policy = { eventType = local.owner_review_events, ownerId = [owner] }
      }
    },
    {
      for address in var.review_escalation_emails : "escalation-${address}" => {
        address       = address
        filter_policy = { eventType = ["review.escalated"] }
      }
    },
  )
}

resource "aws_sns_topic_subscription" "email" {
  for_each = local.email_subscriptions

  topic_arn     = module.topic["events"].arn
  protocol      = "email"
  endpoint      = each.value.address
  filter_policy = jsonencode(each.value.filter_policy)
}
