variable "name" {
  description = "Name of the queue; the dead-letter queue is named \"<name>-dlq\". A FIFO queue's names end in \".fifo\" (added here)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name)) && (!var.fifo || length(var.name) <= 71)
    error_message = "name must be 1-76 characters of letters, digits, '-' or '_', at most 71 for a FIFO queue (80 with the -dlq and .fifo suffixes)."
  }
}

variable "fifo" {
  description = "FIFO queues (the queue and its DLQ, which SQS requires to be FIFO as well): messages of one MessageGroupId are delivered in order, one batch of a group in flight at a time, with content-based deduplication for 5 minutes and high-throughput mode. Changing it replaces both queues, and with them the messages they hold."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "ARN (or id/alias) of the customer-managed KMS key that encrypts both queues."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue. For a Lambda consumer use at least 6x the function timeout."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number between 0 and 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long the main queue keeps a message, in seconds."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message, in seconds. The maximum, 14 days, leaves time to redrive."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait time of the main queue, in seconds."
  type        = number
  default     = 20

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20
    error_message = "receive_wait_time_seconds must be between 0 and 20."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 86400."
  }
}

variable "tags" {
  description = "Tags added to both queues (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
