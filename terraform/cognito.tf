# Who signs people in, for the HTTP API's JWT authorizer: this stack's Cognito user pool, or an
# identity provider of the team's own (jwt_issuer, jwt_audience). Without identity_provider, a
# given jwt_issuer means "external": configurations written before the pool existed, and the
# local stack with its own issuer, keep working as they are.
locals {
  identity_provider = coalesce(var.identity_provider, var.jwt_issuer == null ? "cognito" : "external")

  # Prefixes are unique per region across all of AWS: a short hash of the account keeps two
  # accounts' "shoebox-prod" apart without showing the account id on the sign-in page.
  cognito_domain_prefix = coalesce(var.cognito_domain_prefix, "${local.name_prefix}-${substr(sha1(local.account_id), 0, 8)}")

  # Cognito's access tokens carry the app client's id as client_id, which the authorizer
  # accepts as the audience.
  jwt_issuer   = local.identity_provider == "cognito" ? module.user_pool[0].issuer : var.jwt_issuer
  jwt_audience = local.identity_provider == "cognito" ? [module.user_pool[0].client_id] : var.jwt_audience

  # The hosted UI returns to the site, and to any development origins given.
  cognito_callback_urls = concat(var.web_enabled ? [local.web_redirect_uri] : [], var.web_callback_urls)

  # Where the app signs in and trades its code for tokens (the CSP's connect-src names it).
  auth_origin = local.identity_provider == "cognito" ? module.user_pool[0].hosted_ui_url : regex("^https?://[^/]+", var.jwt_issuer)
}

module "user_pool" {
  source = "./modules/user_pool"
  count  = local.identity_provider == "cognito" ? 1 : 0

  name                = local.name_prefix
  domain_prefix       = local.cognito_domain_prefix
  callback_urls       = local.cognito_callback_urls
  self_sign_up        = var.cognito_self_sign_up
  advanced_security   = var.cognito_advanced_security
  deletion_protection = var.deletion_protection
}
