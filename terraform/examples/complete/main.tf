# The whole stack for one environment, with the build manifest from `make build`.
# terraform -chdir=terraform/examples/complete init && terraform -chdir=terraform/examples/complete plan
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

module "shoebox" {
  source = "../.."

  environment          = "dev"
  region               = "eu-west-1"
  artifacts_manifest   = "${path.root}/../../../dist/manifest.json"
  jwt_issuer           = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"
  jwt_audience         = ["example-app-client-id"]
  cors_allowed_origins = ["https://app.example.com"]
  alarm_actions        = []
}

output "runtime_config" {
  description = "Configuration the local runtime reads (sensitive: it carries every function's environment)."
  value       = module.shoebox.runtime_config
  sensitive   = true
}
