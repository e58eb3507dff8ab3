variable "name_prefix" {
  description = "Prefix of every alarm name, e.g. shoebox-dev."
  type        = string
}

variable "dead_letter_queues" {
  description = "Dead-letter queues to watch: key => queue name."
  type        = map(string)
  default     = {}
}

variable "functions" {
  description = "Lambda functions to watch for errors: key => function name."
  type        = map(string)
  default     = {}
}

variable "queue_age_thresholds" {
  description = "Queues to watch for an old oldest message: key => { queue_name, threshold_seconds } (alarm when ApproximateAgeOfOldestMessage exceeds it)."
  type = map(object({
    queue_name        = string
    threshold_seconds = number
  }))
  default = {}

  validation {
    condition     = alltrue([for queue in values(var.queue_age_thresholds) : queue.threshold_seconds >= 60])
    error_message = "Every threshold_seconds must be at least 60 (the metric is reported once a minute)."
  }
}

variable "state_machines" {
  description = "Step Functions state machines to watch for failed and timed-out executions: key => state machine ARN."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.state_machines) : can(regex("^arn:[a-z-]+:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]+$", arn))])
    error_message = "Every state machine must be given by its ARN (arn:<partition>:states:<region>:<account>:stateMachine:<name>)."
  }
}

variable "timed_out_integrations" {
  description = "Step Functions service integrations whose tasks must not time out: key => { resource_arn = the account-qualified integration ARN (AWS/States' ServiceIntegrationResourceArn dimension, e.g. arn:<partition>:states:<region>:<account>:lambda:invoke.waitForTaskToken), meaning = what a timeout means, for the alarm's description }."
  type = map(object({
    resource_arn = string
    meaning      = string
  }))
  default = {}

  validation {
    condition     = alltrue([for integration in values(var.timed_out_integrations) : can(regex("^arn:[a-z-]+:states:[a-z0-9-]+:[0-9]{12}:[a-z0-9-]+:[A-Za-z0-9.:]+$", integration.resource_arn))])
    error_message = "Every resource_arn must be account-qualified, as the metric's dimension is: arn:<partition>:states:<region>:<account>:<service>:<action>[.<pattern>]."
  }
}

variable "http_apis" {
  description = "HTTP APIs to watch for server errors: key => { api_id, stage (\"$default\" for the default stage), threshold = 5xx responses in 5 minutes that raise the alarm }."
  type = map(object({
    api_id    = string
    stage     = string
    threshold = number
  }))
  default = {}

  validation {
    condition     = alltrue([for api in values(var.http_apis) : api.threshold >= 1])
    error_message = "Every http_apis threshold must be at least 1."
  }
}

variable "alarm_actions" {
  description = "ARNs (e.g. SNS topics) notified when an alarm changes state."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_actions : startswith(arn, "arn:")])
    error_message = "Every alarm action must be an ARN."
  }
}

variable "tags" {
  description = "Tags added to every alarm (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
