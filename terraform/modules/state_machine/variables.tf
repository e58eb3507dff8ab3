variable "name" {
  description = "Name of the state machine; also names its IAM role and log group (/aws/vendedlogs/states/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of letters, digits, '-' or '_' (it also names the IAM role)."
  }
}

variable "role_name" {
  description = "Name of the state machine's IAM role (account-global, at most 64 characters). Null means name."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits or +=,.@_-."
  }
}

variable "definition" {
  description = "Amazon States Language definition (JSON), already rendered: no template placeholder may be left in it."
  type        = string

  # "[$][{]" rather than a literal "$${": checkov's HCL parser hangs on an unclosed "$${".
  validation {
    condition     = can(jsondecode(var.definition).States) && !can(regex("[$][{]", var.definition))
    error_message = "definition must be rendered ASL JSON with a States object and no template placeholder (dollar sign + opening brace) left."
  }
}

variable "type" {
  description = "STANDARD (exactly-once, 90-day history, redrive) or EXPRESS (at-least-once, high volume, 5-minute limit)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.type)
    error_message = "type must be STANDARD or EXPRESS."
  }
}

variable "policy_json" {
  description = "IAM policy document (JSON) with exactly what the definition's tasks may do; log delivery and X-Ray are added by the module."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the state machine (definition and execution history) and its log group."
  type        = string
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long Step Functions reuses a data key of the customer-managed key before calling GenerateDataKey again (60-900 s)."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 900 && floor(var.kms_data_key_reuse_period_seconds) == var.kms_data_key_reuse_period_seconds
    error_message = "kms_data_key_reuse_period_seconds must be a whole number of seconds from 60 to 900."
  }
}

variable "log_level" {
  description = "Execution logging level: ALL, ERROR or FATAL (logging cannot be turned off)."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be ALL, ERROR or FATAL."
  }
}

variable "include_execution_data" {
  description = "Log execution input, output and state data (needed to see why an execution failed)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the state machine's log group, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
