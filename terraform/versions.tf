terraform {
  required_version = ">= 1.9"

  required_providers {
    # The range the configuration is tested with: 5.100 and later 5.x. 6.0 renames attributes it
    # reads (aws_region's name) and changes defaults, so it needs its own review before it is
    # allowed. .terraform.lock.hcl pins the exact version and its checksums (README, "Provider
    # lock file").
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}
