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

variable "account_id" {
  description = "ID of the account whose root (and through it, IAM) administers the key: the key policy's AccountAdministers statement."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "policy_json" {
  description = "Key policy statements (JSON) for the key's users, e.g. services that encrypt with it. The module adds the account's AccountAdministers statement before them."
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
