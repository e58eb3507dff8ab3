# photo.processed / photo.failed, published by thumbnail with a message attribute eventType
# so subscribers can filter on it.
module "topic" {
  source   = "./modules/topic"
  for_each = toset(["events"])

  name        = "${local.name_prefix}-${each.key}"
  kms_key_arn = module.kms_key.arn
}

# SNS delivers to the encrypted queues with the key (the key policy's AwsServicesUseForQueues).
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
