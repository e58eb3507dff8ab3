variable "name" {
  description = "Name of the DynamoDB table."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 characters of letters, digits, '_', '-' or '.'."
  }
}

variable "hash_key" {
  description = "Partition key attribute name; it must be declared in attributes."
  type        = string
}

variable "range_key" {
  description = "Sort key attribute name (must be declared in attributes), or null for a hash-only table."
  type        = string
  default     = null
}

variable "attributes" {
  description = "Key attributes as a map of name => type (S, N or B). Only key attributes are declared in DynamoDB."
  type        = map(string)

  validation {
    condition     = alltrue([for type in values(var.attributes) : contains(["S", "N", "B"], type)])
    error_message = "Every attribute type must be one of S, N or B."
  }

  validation {
    condition     = contains(keys(var.attributes), var.hash_key) && (var.range_key == null || contains(keys(var.attributes), coalesce(var.range_key, "-")))
    error_message = "hash_key and range_key must both be declared in attributes."
  }
}

variable "ttl_attribute" {
  description = "Attribute holding the expiry time (epoch seconds) for DynamoDB TTL, or null to leave TTL off."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for server-side encryption."
  type        = string
}

variable "deletion_protection_enabled" {
  description = "Whether DynamoDB refuses to delete the table."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to the table (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
