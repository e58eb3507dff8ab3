variable "name" {
  description = "Name of the distribution's origin access control and response headers policy (unique in the account), and the prefix of its access logs."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_'."
  }
}

variable "bucket_name" {
  description = "Globally unique name of the bucket holding the built app."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'."
  }
}

variable "content_security_policy" {
  description = "The Content-Security-Policy header of every response."
  type        = string

  validation {
    condition     = length(var.content_security_policy) > 0 && length(var.content_security_policy) <= 1783
    error_message = "content_security_policy must be 1-1783 characters (CloudFront's limit)."
  }
}

variable "domain_name" {
  description = "Custom domain of the site (e.g. app.example.com), served with certificate_arn; null: the distribution's own *.cloudfront.net name."
  type        = string
  default     = null

  validation {
    condition     = (var.domain_name == null) == (var.certificate_arn == null)
    error_message = "domain_name and certificate_arn go together: give both or neither."
  }
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate in us-east-1 that covers domain_name; null with the default domain."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:[a-z-]+:acm:us-east-1:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)."
  }
}

variable "price_class" {
  description = "Edge locations that serve the site: PriceClass_100 (North America, Europe, Israel), PriceClass_200 (adds most of Asia, the Middle East and Africa) or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "log_bucket" {
  description = "Name of an existing bucket with ACLs enabled (object ownership BucketOwnerPreferred) for CloudFront's standard access logs, under <name>/; null: no access logs."
  type        = string
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced file of an earlier publish is kept (for a rollback) before it is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Whether destroying the bucket deletes the published files first (ephemeral environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the bucket and the distribution (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
