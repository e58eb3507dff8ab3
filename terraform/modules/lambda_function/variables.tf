variable "function_name" {
  description = "Name of the Lambda function; also names its IAM role and log group."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters of letters, digits, '-' or '_'."
  }
}

variable "role_name" {
  description = "Name of the function's IAM role (account-global, at most 64 characters). Null means function_name."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits or +=,.@_-."
  }
}

variable "vpc_subnet_ids" {
  description = "Subnets to run the function in (its own VPC network interfaces); empty means no VPC. The module's runtime policy then also grants the network interface permissions Lambda needs (ec2:CreateNetworkInterface, ...)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "vpc_subnet_ids must be subnet ids (subnet-...)."
  }
}

variable "vpc_security_group_ids" {
  description = "Security groups of the function's network interfaces; required with vpc_subnet_ids, empty without."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))]) && (length(var.vpc_security_group_ids) > 0) == (length(var.vpc_subnet_ids) > 0)
    error_message = "vpc_security_group_ids must be security group ids (sg-...), given exactly when vpc_subnet_ids is."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

variable "filename" {
  description = "Path of the deployment zip (built outside Terraform, listed in the build manifest)."
  type        = string
}

variable "source_code_hash" {
  description = "Base64-encoded SHA-256 of the zip, as recorded in the build manifest."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{43}=$", var.source_code_hash))
    error_message = "source_code_hash must be a base64-encoded SHA-256 (44 characters), e.g. filebase64sha256(zip)."
  }
}

variable "handler" {
  description = "Function entry point, e.g. index.handler."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime identifier, e.g. nodejs22.x."
  type        = string

  validation {
    condition     = can(regex("^nodejs(2[0-9])\\.x$", var.runtime))
    error_message = "runtime must be a supported Node.js runtime such as nodejs22.x."
  }
}

variable "architecture" {
  description = "Instruction set of the function: x86_64 or arm64 (must match how the zip was built)."
  type        = string

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "timeout" {
  description = "Maximum run time of one invocation, in seconds."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "environment" {
  description = "Environment variables of the function (encrypted at rest with kms_key_arn)."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for environment variables and the log group."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "policy_json" {
  description = "IAM policy document (JSON) with exactly what the function's code may do; logging and tracing are added by the module. Null when attach_policy_json is false."
  type        = string
  default     = null
}

variable "kms_key_actions" {
  description = "KMS actions the function's code needs on kms_key_arn (kms:Decrypt to read what the key encrypts, kms:GenerateDataKey to write it), added to the access policy as one UseKey statement. Empty for none; requires attach_policy_json."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for action in var.kms_key_actions : can(regex("^kms:[A-Za-z*]+$", action))]) && (length(var.kms_key_actions) == 0 || var.attach_policy_json)
    error_message = "kms_key_actions must be KMS actions (kms:...), given only with attach_policy_json."
  }
}

variable "attach_policy_json" {
  description = "Attach policy_json to the role. False for a function that calls no AWS API; a separate flag because policy_json is usually unknown until apply and count needs a known value."
  type        = bool
  default     = true

  validation {
    condition     = !var.attach_policy_json || var.policy_json != null
    error_message = "policy_json is required when attach_policy_json is true."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
