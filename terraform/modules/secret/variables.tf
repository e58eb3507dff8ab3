variable "name" {
  description = "Name of the secret (letters, digits and /_+=.@-)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.name))
    error_message = "name must be 1-512 characters of letters, digits and /_+=.@-."
  }
}

variable "description" {
  description = "What the secret holds and who reads it."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the secret."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can be restored (and its name stays taken): 0 deletes at once, otherwise 7-30."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or from 7 to 30."
  }
}

variable "initial_value" {
  description = "A first value written from Terraform (then it is in the state too); null leaves the secret empty for its owner to put the value (`aws secretsmanager put-secret-value`)."
  type        = string
  default     = null
  sensitive   = true
}

variable "tags" {
  description = "Tags added to the secret (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
