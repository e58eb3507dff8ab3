variable "name" {
  description = "Name of the dashboard. Dashboards are global to the account (not regional): include the region in it, e.g. shoebox-dev-euw1."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.name))
    error_message = "name must be 1-255 characters of letters, digits, '-' or '_'."
  }
}

variable "header_markdown" {
  description = "Markdown of the text widget at the top: what the dashboard is and where the runbook is."
  type        = string
}

variable "functions" {
  description = "Lambda functions to graph (errors, throttles, duration p50/p99, concurrent executions): key => function name."
  type        = map(string)
}

variable "queues" {
  description = "SQS queues to graph (depth, in flight, oldest message age) with their dead-letter queues (depth): key => { name, dlq_name }."
  type = map(object({
    name     = string
    dlq_name = string
  }))
}

variable "state_machines" {
  description = "Step Functions state machines to graph (executions started, succeeded, failed, timed out, aborted): key => state machine ARN."
  type        = map(string)
}

variable "http_api" {
  description = "The HTTP API to graph (requests, 4xx, 5xx): its id and stage (\"$default\" for the default stage)."
  type = object({
    api_id = string
    stage  = string
  })
}

variable "app_metrics" {
  description = "The metrics the functions emit (Powertools, embedded metric format): the namespace, the dimension that names the emitting service, and for each graph { service = that dimension's value, metric = the metric's name }."
  type = object({
    namespace         = string
    service_dimension = string
    metrics = object({
      uploads_accepted   = object({ service = string, metric = string })
      uploads_refused    = object({ service = string, metric = string })
      photos_processed   = object({ service = string, metric = string })
      photos_failed      = object({ service = string, metric = string })
      receipts_started   = object({ service = string, metric = string })
      reviews_requested  = object({ service = string, metric = string })
      receipts_delivered = object({ service = string, metric = string })
      delivery_failures  = object({ service = string, metric = string })
    })
  })
}

variable "delivery_queue" {
  description = "Key (in queues) of the queue that buffers deliveries to the customer's database: its backlog gets a graph of its own."
  type        = string

  validation {
    condition     = contains(keys(var.queues), var.delivery_queue)
    error_message = "delivery_queue must be a key of queues."
  }
}

variable "delivery_backlog_alarm_seconds" {
  description = "Oldest-message age (seconds) at which the delivery backlog alarm fires, drawn as a line on the age graphs."
  type        = number
}

variable "review_task_integration_arn" {
  description = "The account-qualified ARN of the service integration reviews wait in (AWS/States' ServiceIntegrationResourceArn, e.g. arn:<partition>:states:<region>:<account>:lambda:invoke.waitForTaskToken)."
  type        = string
}

variable "alarm_arns" {
  description = "Alarms shown in the status widget at the top (CloudWatch shows at most 100 in one widget)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.alarm_arns) <= 100
    error_message = "An alarm status widget holds at most 100 alarms."
  }
}
