data "aws_region" "current" {}

# People sign in with their email address; the pool keeps it unique and verified.
resource "aws_cognito_user_pool" "this" {
  name                     = var.name
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = var.deletion_protection ? "ACTIVE" : "INACTIVE"

  # Threat protection (advanced security) needs the Plus tier. Without it, Lite has everything
  # this pool uses (the classic hosted UI, TOTP) at the lowest price per active user.
  user_pool_tier = var.advanced_security ? "PLUS" : "LITE"

  user_pool_add_ons {
    advanced_security_mode = var.advanced_security ? "ENFORCED" : "OFF"
  }

  # Each user may add an authenticator app; SMS would need an SNS role and costs per message.
  mfa_configuration = "OPTIONAL"
  software_token_mfa_configuration {
    enabled = true
  }

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  admin_create_user_config {
    allow_admin_create_user_only = !var.self_sign_up
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  tags = var.tags
}

# The web app: a public client (a browser keeps no secret), so the authorization code flow only,
# which the app runs with PKCE. Cognito accepts PKCE but cannot require it of a client; leaving
# out the implicit grant and the secret is what it can enforce.
resource "aws_cognito_user_pool_client" "web" {
  name         = "${var.name}-web"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = var.scopes
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.callback_urls

  # The hosted UI signs people in; the API flows (SRP, passwords) stay off. Refresh is the one
  # Cognito always needs.
  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  # An hour of access per sign-in (the app signs out as the token expires); a refresh token for a
  # working day, so a stolen one is not good for long.
  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 12
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "hours"
  }
}

# The hosted UI at https://<prefix>.auth.<region>.amazoncognito.com. Version 1 is the classic
# hosted UI; version 2 (managed login) needs the Essentials tier and a branding style.
resource "aws_cognito_user_pool_domain" "this" {
  domain                = var.domain_prefix
  user_pool_id          = aws_cognito_user_pool.this.id
  managed_login_version = 1
}
