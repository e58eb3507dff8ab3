# Alarms that reach a person: every alarm notifies the alarm topic (its email and HTTPS
# subscriptions are alarm_emails and alarm_https_endpoints) and whatever alarm_actions adds, e.g.
# a platform team's own topic. What each alarm means and what to do: docs/runbook.md.
module "alarm_topic" {
  source = "./modules/alarm_topic"

  name              = "${local.name_prefix}-alarms"
  account_id        = local.account_id
  alarm_name_prefix = "${local.name_prefix}-"
  emails            = var.alarm_emails
  https_endpoints   = var.alarm_https_endpoints
}

locals {
  alarm_actions = distinct(concat([module.alarm_topic.arn], var.alarm_actions))

  # The HTTP API's only stage (the http_api module creates "$default"): its metrics carry it.
  http_api_stage = "$default"

  # Where reviews wait: AwaitReview is the only callback task here. The metric's dimension is the
  # account-qualified integration ARN, not a state machine's (the alarm and the dashboard read it).
  review_task_integration_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:lambda:invoke.waitForTaskToken"
}

module "alarms" {
  source = "./modules/alarms"

  name_prefix        = local.name_prefix
  dead_letter_queues = { for name, queue in module.queue : name => queue.dlq_name }
  functions          = { for name, function in module.function : name => function.function_name }

  # receipt-delivery backs off for up to 15 minutes per attempt while the database is down:
  # a message older than that means an outage, hours before anything reaches the DLQ.
  queue_age_thresholds = {
    "receipt-delivery" = { queue_name = module.queue["receipt-delivery"].name, threshold_seconds = var.delivery_backlog_alarm_seconds }
  }

  # The computed ARN: the alarm exists before the first execution (and in local emulation).
  state_machines = { "receipt-workflow" = local.receipt_workflow_arn }

  # A review round that passed its deadline.
  timed_out_integrations = {
    "reviews-past-deadline" = {
      resource_arn = local.review_task_integration_arn
      meaning      = "A receipt review passed its deadline without a decision: it was escalated or the receipt rejected"
    }
  }

  http_apis = {
    "http-api" = { api_id = module.http_api.id, stage = local.http_api_stage, threshold = var.api_5xx_alarm_threshold }
  }

  alarm_actions = local.alarm_actions
}
