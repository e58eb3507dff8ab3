variable "name" {
  description = "Name of the SNS topic."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 characters of letters, digits, '-' or '_'."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the topic."
  type        = string
}

variable "tags" {
  description = "Tags added to the topic (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
