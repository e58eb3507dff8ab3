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
