variable "name" {
  description = "Name of the SNS topic and alias of its KMS key, e.g. shoebox-dev-alarms."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,250}$", var.name))
    error_message = "name must be 1-250 characters of letters, digits, '-' or '_'."
  }
}

variable "account_id" {
  description = "ID of the account the topic and the alarms are in (the policies' aws:SourceAccount and ARNs)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "alarm_name_prefix" {
  description = "Start of the names of the alarms that may publish to the topic (and use its key), e.g. \"shoebox-dev-\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.alarm_name_prefix))
    error_message = "alarm_name_prefix must be letters, digits, '.', '-' or '_' (no wildcard: it is matched as a prefix)."
  }
}

variable "emails" {
  description = "Email addresses subscribed to every alarm notification (ALARM and OK). Each must confirm from the email SNS sends."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "emails must be email addresses."
  }
}

variable "https_endpoints" {
  description = "HTTPS endpoints subscribed to every alarm notification, e.g. a PagerDuty or Opsgenie CloudWatch integration URL; each must confirm the subscription itself."
  type        = list(string)
  default     = []
  sensitive   = true

  validation {
    condition     = alltrue([for url in var.https_endpoints : startswith(url, "https://")])
    error_message = "Every https_endpoints entry must be an https:// URL."
  }
}

variable "tags" {
  description = "Tags added to the topic and its key (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
