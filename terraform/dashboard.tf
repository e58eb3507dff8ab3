# The metrics the functions emit with Powertools (embedded metric format, packages/runtime's
# metrics.ts): namespace, the dimension Powertools sets from POWERTOOLS_SERVICE_NAME (the
# function's key in local.functions), and the names. Terraform spells them only here.
locals {
  app_metrics = {
    namespace         = "shoebox"
    service_dimension = "service"
    metrics = {
      uploads_accepted   = { service = "uploads-api", metric = "UploadsAccepted" }
      uploads_refused    = { service = "uploads-api", metric = "UploadsRefused" }
      photos_processed   = { service = "thumbnail", metric = "PhotosProcessed" }
      photos_failed      = { service = "thumbnail", metric = "PhotosFailed" }
      receipts_started   = { service = "receipt-starter", metric = "ReceiptsStarted" }
      reviews_requested  = { service = "review-request", metric = "ReviewsRequested" }
      receipts_delivered = { service = "receipt-delivery", metric = "ReceiptsDelivered" }
      delivery_failures  = { service = "receipt-delivery", metric = "DeliveryFailures" }
    }
  }
}

# The system at a glance. Dashboards are global to the account, so the name carries the region.
module "dashboard" {
  source = "./modules/dashboard"

  name            = local.global_name_prefix
  header_markdown = "## ${local.name_prefix} (${local.region})\nUploads in, queues, failures, reviews and deliveries out. Every alarm below notifies the SNS topic `${module.alarm_topic.name}`; what each one means and what to do is in the runbook, `docs/runbook.md` in the shoebox repository."

  functions      = { for name, function in module.function : name => function.function_name }
  queues         = { for name, queue in module.queue : name => { name = queue.name, dlq_name = queue.dlq_name } }
  state_machines = { "receipt-workflow" = local.receipt_workflow_arn }
  http_api       = { api_id = module.http_api.id, stage = local.http_api_stage }
  app_metrics    = local.app_metrics

  delivery_queue                 = "receipt-delivery"
  delivery_backlog_alarm_seconds = var.delivery_backlog_alarm_seconds
  review_task_integration_arn    = local.review_task_integration_arn
  alarm_arns                     = [for alarm in values(module.alarms.alarms) : alarm.arn]
}
