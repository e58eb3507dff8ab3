variable "name" {
  description = "Name of the user pool (its web app client is <name>-web)."
  type        = string

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.name))
    error_message = "name must be 1-128 letters, digits, spaces or + = , . @ - _."
  }
}

variable "domain_prefix" {
  description = "Prefix of the hosted UI's domain, <prefix>.auth.<region>.amazoncognito.com; unique in the region across all AWS accounts."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix))
    error_message = "domain_prefix must be 1-63 lowercase letters, digits or '-' (not at either end), without \"aws\", \"amazon\" or \"cognito\"."
  }
}

variable "callback_urls" {
  description = "Where the hosted UI may send people back to after signing in or out: https:// URLs, or http://localhost for development."
  type        = list(string)

  validation {
    condition     = length(var.callback_urls) > 0 && alltrue([for url in var.callback_urls : can(regex("^(https://|http://localhost(:[0-9]+)?(/|$))", url))])
    error_message = "callback_urls must hold at least one URL, each https:// or http://localhost (Cognito refuses other http:// URLs)."
  }
}

variable "scopes" {
  description = "OAuth scopes the web app client may ask for."
  type        = list(string)
  default     = ["openid", "email", "profile"]
}

variable "self_sign_up" {
  description = "Whether anyone may create an account on the hosted UI; false: only administrators create users."
  type        = bool
  default     = false
}

variable "advanced_security" {
  description = "Cognito threat protection in enforced mode (compromised credentials, adaptive authentication); moves the pool to the Plus tier, priced per active user."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Whether Cognito refuses to delete the pool (and every user in it)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to the user pool (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
