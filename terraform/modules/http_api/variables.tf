variable "name" {
  description = "Name of the HTTP API (also names its authorizer and access log group)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits, '-' or '_'."
  }
}

variable "jwt_issuer" {
  description = "Issuer URL of the JWT authorizer: https://..., or http://localhost / http://127.0.0.1 for local emulation."
  type        = string

  validation {
    condition     = can(regex("^(https://[^\\s/]+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?)(/\\S*)?$", var.jwt_issuer))
    error_message = "jwt_issuer must be an https:// URL (http:// is only allowed for localhost or 127.0.0.1)."
  }
}

variable "jwt_audience" {
  description = "Accepted audiences (aud / client_id) of the JWT authorizer."
  type        = list(string)

  validation {
    condition     = length(var.jwt_audience) > 0 && alltrue([for audience in var.jwt_audience : length(trimspace(audience)) > 0])
    error_message = "jwt_audience must contain at least one non-empty audience."
  }
}

variable "routes" {
  description = "Routes keyed by route key (\"METHOD /path\"): type \"lambda\" names a key of lambda_integrations in function, type \"sqs\" names a key of sqs_integrations in queue."
  type = map(object({
    type     = string
    function = optional(string)
    queue    = optional(string)
  }))

  validation {
    condition     = alltrue([for route in values(var.routes) : contains(["lambda", "sqs"], route.type)])
    error_message = "Every route type must be \"lambda\" or \"sqs\"."
  }

  validation {
    condition     = alltrue([for key in keys(var.routes) : can(regex("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /\\S*$", key))])
    error_message = "Every route key must look like \"METHOD /path\", e.g. \"GET /photos/{id}\"."
  }

  validation {
    condition = alltrue([
      for route in values(var.routes) :
      route.type == "lambda" ? contains(keys(var.lambda_integrations), coalesce(route.function, "-")) : contains(keys(var.sqs_integrations), coalesce(route.queue, "-"))
    ])
    error_message = "Every lambda route must name a key of lambda_integrations and every sqs route a key of sqs_integrations."
  }
}

variable "lambda_integrations" {
  description = "Lambda proxy integrations keyed by function key: the function name (for the invoke permission) and invoke ARN."
  type = map(object({
    function_name = string
    invoke_arn    = string
  }))
  default = {}
}

variable "sqs_integrations" {
  description = "SQS-SendMessage integrations keyed by queue key: queue URL, the role API Gateway assumes to send, and message attributes (name => HTTP API mapping expression)."
  type = map(object({
    queue_url          = string
    credentials_arn    = string
    message_attributes = optional(map(string), {})
  }))
  default = {}
}

variable "cors_allowed_origins" {
  description = "Origins allowed to call the API from a browser; an empty list disables CORS."
  type        = list(string)
  default     = []
}

variable "throttling_burst_limit" {
  description = "Default burst limit (requests) of every route."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_burst_limit >= 1
    error_message = "throttling_burst_limit must be at least 1."
  }
}

variable "throttling_rate_limit" {
  description = "Default steady-state rate limit (requests per second) of every route."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_rate_limit >= 1
    error_message = "throttling_rate_limit must be at least 1."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for the access log group."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the access log group, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource of the module (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
