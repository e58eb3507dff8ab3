variable "name" {
  description = "Globally unique name of the bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for SSE-KMS (with an S3 bucket key). null: SSE-S3 (AES256), for files CloudFront serves to anyone, which it could read under a customer-managed key only if the key policy let it decrypt. No default, so a bucket gets S3's own key only when its caller says so."
  type        = string
}

variable "policy_documents" {
  description = "IAM policy documents (JSON, e.g. from aws_iam_policy_document) whose statements the bucket policy adds after its TLS-only statement, e.g. CloudFront's read through an origin access control. Their Sids must be unique and must not be DenyInsecureTransport."
  type        = list(string)
  default     = []
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which noncurrent object versions are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted."
  type        = number
  default     = 1

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "cors_rules" {
  description = "CORS rules for browser access; an empty list creates no CORS configuration."
  type = list(object({
    allowed_methods = list(string)
    allowed_origins = list(string)
    allowed_headers = optional(list(string), [])
    expose_headers  = optional(list(string), [])
    max_age_seconds = optional(number, 3000)
  }))
  default = []

  validation {
    condition     = alltrue([for rule in var.cors_rules : length(rule.allowed_origins) > 0 && alltrue([for method in rule.allowed_methods : contains(["GET", "PUT", "HEAD", "POST", "DELETE"], method)])])
    error_message = "Every CORS rule needs at least one origin and only GET, PUT, HEAD, POST or DELETE methods."
  }
}

variable "force_destroy" {
  description = "Whether destroying the bucket deletes all objects first (use for ephemeral environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the bucket (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
