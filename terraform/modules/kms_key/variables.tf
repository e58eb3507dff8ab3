variable "alias" {
  description = "Alias of the key, without the \"alias/\" prefix."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "aws/")
    error_message = "alias must be 1-250 characters of letters, digits, '/', '_' or '-' and must not start with aws/."
  }
}

variable "description" {
  description = "Description of the key: what it encrypts."
  type        = string
}

variable "policy_json" {
  description = "Key policy (JSON). It must keep the account able to administer the key."
  type        = string
}

variable "rotation_period_in_days" {
  description = "Days between automatic rotations of the key material (rotation is always on)."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "rotation_period_in_days must be between 90 and 2560."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to the key (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
