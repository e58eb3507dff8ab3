# The whole stack applied from a pipeline, its state in S3 and locked by S3 itself: no DynamoDB
# lock table. Where the state lives comes from a backend file per environment:
#   terraform -chdir=terraform/examples/s3-backend init -backend-config=prod.s3.tfbackend
#   terraform -chdir=terraform/examples/s3-backend plan -var-file=prod.tfvars -out=tfplan
#   terraform -chdir=terraform/examples/s3-backend apply tfplan
# See README.md next to this file for the state bucket and the permissions the lock needs.
terraform {
  # use_lockfile: Terraform 1.10 added S3-native state locking; 1.11 made it generally available
  # and deprecated the DynamoDB lock table.
  required_version = ">= 1.10"

  # Partial configuration: bucket, key and region come from -backend-config, so one
  # configuration serves every environment and account.
  backend "s3" {
    # A <key>.tflock object next to the state, created with a conditional write: a second
    # plan/apply on the same state waits or fails instead of racing.
    use_lockfile = true
    encrypt      = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

variable "environment" {
  description = "Environment name (staging, prod, ...): the second part of every resource name."
  type        = string
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
}

variable "jwt_issuer" {
  description = "Issuer of the JWTs the HTTP API accepts (https://...)."
  type        = string
}

variable "jwt_audience" {
  description = "Audiences (client ids) the HTTP API accepts."
  type        = list(string)
}

variable "cors_allowed_origins" {
  description = "Browser origins of the web app (see terraform/README.md: empty means no browser may POST uploads)."
  type        = list(string)
}

variable "alarm_actions" {
  description = "ARNs (an SNS topic of the on-call rotation) notified when an alarm changes state."
  type        = list(string)
}

module "shoebox" {
  source = "../.."

  environment          = var.environment
  region               = var.region
  artifacts_manifest   = "${path.root}/../../../dist/manifest.json"
  jwt_issuer           = var.jwt_issuer
  jwt_audience         = var.jwt_audience
  cors_allowed_origins = var.cors_allowed_origins
  alarm_actions        = var.alarm_actions
}

output "http_api_endpoint" {
  description = "Base URL of the HTTP API."
  value       = module.shoebox.http_api_endpoint
}

output "delivery_database_secret_arn" {
  description = "The secret to put the delivery database's JSON in (terraform/README.md)."
  value       = module.shoebox.delivery_database_secret_arn
}
