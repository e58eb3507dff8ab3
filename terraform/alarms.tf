module "alarms" {
  source = "./modules/alarms"

  name_prefix        = local.name_prefix
  dead_letter_queues = { for name, queue in module.queue : name => queue.dlq_name }
  functions          = { for name, function in module.function : name => function.function_name }

  # receipt-delivery backs off for up to 15 minutes per attempt while the database is down:
  # a message older than that means an outage, hours before anything reaches the DLQ.
  queue_age_thresholds = {
    "receipt-delivery" = { queue_name = module.queue["receipt-delivery"].name, threshold_seconds = 900 }
  }

  # The computed ARN: the alarm exists before the first execution (and in local emulation).
  state_machines = { "receipt-workflow" = local.receipt_workflow_arn }

  # A review round that passed its deadline: AwaitReview is the only callback task here. The
  # metric's dimension is the account-qualified integration ARN, not a state machine's.
  timed_out_integrations = {
    "reviews-past-deadline" = {
      resource_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:lambda:invoke.waitForTaskToken"
      meaning      = "A receipt review passed its deadline without a decision: it was escalated or the receipt rejected"
    }
  }
  alarm_actions = var.alarm_actions
}
