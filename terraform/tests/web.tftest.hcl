# The web app (issue 16): its site (a private bucket behind CloudFront with security headers), the
# Cognito user pool it signs in with, and their wiring into the HTTP API's authorizer and CORS,
# offline against the mocked provider.
mock_provider "aws" {
  source = "./tests/mocks"
}

# No jwt_issuer: the stack's own user pool signs people in.
variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
}

# What AWS would answer for the site, the pool and the buckets the CSP names.
override_resource {
  target = module.static_site[0].aws_cloudfront_distribution.this
  values = {
    id          = "E2WEB16EXAMPLE"
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2WEB16EXAMPLE"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

override_resource {
  target = module.user_pool[0].aws_cognito_user_pool.this
  values = {
    id       = "eu-west-1_Web16Pool"
    arn      = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Web16Pool"
    endpoint = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Web16Pool"
  }
}

override_resource {
  target = module.user_pool[0].aws_cognito_user_pool_client.web
  values = { id = "web16appclientid" }
}

override_resource {
  target = module.bucket["uploads"].aws_s3_bucket.this
  values = { bucket_regional_domain_name = "shoebox-test-euw1-uploads-123456789012.s3.eu-west-1.amazonaws.com" }
}

override_resource {
  target = module.bucket["thumbnails"].aws_s3_bucket.this
  values = { bucket_regional_domain_name = "shoebox-test-euw1-thumbnails-123456789012.s3.eu-west-1.amazonaws.com" }
}

# --- the root configuration ---------------------------------------------------------------------

run "authorizer_trusts_the_user_pool_and_its_web_client_by_default" {
  assert {
    condition     = local.identity_provider == "cognito" && length(module.user_pool) == 1
    error_message = "Without jwt_issuer, the stack creates its own user pool."
  }

  assert {
    condition     = local.jwt_issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Web16Pool"
    error_message = "The authorizer's issuer is the user pool: https://cognito-idp.<region>.amazonaws.com/<pool id>."
  }

  assert {
    condition     = local.jwt_audience == tolist(["web16appclientid"])
    error_message = "The authorizer's audience is the web app client (Cognito access tokens carry it as client_id)."
  }

  assert {
    condition = (
      output.runtime_config.http_api.jwt_issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Web16Pool" &&
      output.runtime_config.http_api.jwt_audience == tolist(["web16appclientid"])
    )
    error_message = "runtime_config describes the authorizer as it is configured."
  }

  assert {
    condition     = local.cognito_callback_urls == tolist(["https://d111111abcdef8.cloudfront.net/"])
    error_message = "The hosted UI returns to the site's root, and nowhere else unless web_callback_urls says so."
  }

  assert {
    condition     = startswith(output.cognito_domain, "https://shoebox-test-") && endswith(output.cognito_domain, ".auth.eu-west-1.amazoncognito.com")
    error_message = "The hosted UI's domain is derived from the name prefix."
  }
}

run "site_origin_is_a_cors_origin_of_the_api_beside_those_given" {
  variables {
    cors_allowed_origins = ["https://admin.example.com"]
    web_callback_urls    = ["http://localhost:5173/"]
  }

  assert {
    condition     = local.cors_allowed_origins == tolist(["https://admin.example.com", "https://d111111abcdef8.cloudfront.net"])
    error_message = "The HTTP API's CORS origins are those given plus the site's."
  }

  assert {
    condition     = local.cognito_callback_urls == tolist(["https://d111111abcdef8.cloudfront.net/", "http://localhost:5173/"])
    error_message = "web_callback_urls are added to the site's own callback URL."
  }

  assert {
    condition     = output.web_url == "https://d111111abcdef8.cloudfront.net" && output.web_distribution_id == "E2WEB16EXAMPLE"
    error_message = "The site's URL and distribution id are outputs."
  }
}

run "csp_names_the_api_the_hosted_ui_and_the_buckets" {
  assert {
    condition = local.web_content_security_policy == join("; ", [
      "default-src 'self'",
      "img-src 'self' data: blob: https://shoebox-test-euw1-thumbnails-123456789012.s3.eu-west-1.amazonaws.com https://shoebox-test-euw1-uploads-123456789012.s3.eu-west-1.amazonaws.com",
      "connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com ${output.cognito_domain} https://shoebox-test-euw1-uploads-123456789012.s3.eu-west-1.amazonaws.com",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ])
    error_message = "The CSP allows the API (API Gateway in the region), the hosted UI and the uploads bucket to be called, and the buckets' images, besides the site itself."
  }

  # The API's own endpoint is among what connect-src admits.
  assert {
    condition     = can(regex("^https://[a-z0-9]+\\.execute-api\\.eu-west-1\\.amazonaws\\.com", output.http_api_endpoint))
    error_message = "The HTTP API's endpoint is an API Gateway host of the region, which connect-src admits."
  }
}

run "web_config_is_the_apps_config_json" {
  assert {
    condition = jsonencode(output.web_config) == jsonencode({
      apiUrl = output.http_api_endpoint
      signIn = {
        kind        = "cognito"
        domain      = output.cognito_domain
        clientId    = "web16appclientid"
        redirectUri = "https://d111111abcdef8.cloudfront.net/"
        scopes      = ["email", "openid", "profile"]
      }
    })
    error_message = "web_config is what the app's config.json holds (web/src/site-config.ts)."
  }
}

run "web_enabled_false_creates_no_site" {
  variables {
    web_enabled          = false
    web_callback_urls    = ["https://app.example.com/"]
    cors_allowed_origins = ["https://app.example.com"]
  }

  assert {
    condition     = length(module.static_site) == 0
    error_message = "web_enabled = false creates no bucket, distribution or headers policy."
  }

  assert {
    condition     = local.cors_allowed_origins == tolist(["https://app.example.com"]) && local.cognito_callback_urls == tolist(["https://app.example.com/"])
    error_message = "Without the site, CORS and callback URLs are only those given."
  }

  assert {
    condition     = output.web_url == null && output.web_bucket_name == null && output.web_distribution_id == null && output.web_config == null
    error_message = "The site's outputs are null without it."
  }
}

run "external_identity_provider_creates_no_user_pool" {
  variables {
    jwt_issuer   = "https://login.example.com/realms/shoebox"
    jwt_audience = ["shoebox-web"]
  }

  assert {
    condition     = local.identity_provider == "external" && length(module.user_pool) == 0
    error_message = "A given jwt_issuer means an external identity provider: no user pool."
  }

  assert {
    condition     = local.jwt_issuer == "https://login.example.com/realms/shoebox" && local.jwt_audience == tolist(["shoebox-web"])
    error_message = "The authorizer trusts the external issuer and audience as given."
  }

  assert {
    condition     = strcontains(local.web_content_security_policy, "connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com https://login.example.com ")
    error_message = "The CSP lets the app reach the external provider's origin."
  }

  assert {
    condition     = output.web_config == null && output.cognito_user_pool_id == null
    error_message = "The app signs in with Cognito only: no web_config, no pool outputs."
  }
}

run "custom_domain_is_the_site_origin" {
  variables {
    web_domain_name     = "app.example.com"
    web_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11112222-3333-4444-5555-666677778888"
  }

  assert {
    condition     = output.web_url == "https://app.example.com" && contains(local.cors_allowed_origins, "https://app.example.com")
    error_message = "With a custom domain, the site's origin is that domain."
  }

  assert {
    condition     = output.web_distribution_domain_name == "d111111abcdef8.cloudfront.net"
    error_message = "The distribution's own domain is output for the DNS alias."
  }
}

run "rejects_cognito_with_a_jwt_issuer" {
  command = plan

  variables {
    identity_provider = "cognito"
    jwt_issuer        = "https://login.example.com/"
    jwt_audience      = ["shoebox-web"]
  }

  expect_failures = [var.identity_provider]
}

run "rejects_external_without_a_jwt_issuer" {
  command = plan

  variables {
    identity_provider = "external"
  }

  expect_failures = [var.identity_provider]
}

run "rejects_a_jwt_audience_without_a_jwt_issuer" {
  command = plan

  variables {
    jwt_audience = ["shoebox-web"]
  }

  expect_failures = [var.jwt_audience]
}

run "rejects_a_user_pool_with_nowhere_to_return_to" {
  command = plan

  variables {
    web_enabled = false
  }

  expect_failures = [var.web_callback_urls]
}

run "rejects_a_plain_http_callback_url_other_than_localhost" {
  command = plan

  variables {
    web_callback_urls = ["http://app.example.com/"]
  }

  expect_failures = [var.web_callback_urls]
}

run "rejects_a_custom_domain_without_a_certificate" {
  command = plan

  variables {
    web_domain_name = "app.example.com"
  }

  expect_failures = [var.web_certificate_arn]
}

run "rejects_a_log_bucket_outside_the_project" {
  command = plan

  variables {
    web_log_bucket = "someone-elses-logs"
  }

  expect_failures = [var.web_log_bucket]
}

# --- modules/static_site ------------------------------------------------------------------------

# The bucket module puts its TLS-only statement first and this one after it (modules.tftest.hcl).
run "only_the_distribution_may_read_the_site_bucket" {
  module {
    source = "./modules/static_site"
  }

  variables {
    name                    = "shoebox-test-euw1-web"
    bucket_name             = "shoebox-test-euw1-web-123456789012"
    content_security_policy = "default-src 'self'"
  }

  override_resource {
    target = module.bucket.aws_s3_bucket.this
    values = { id = "shoebox-test-euw1-web-123456789012", arn = "arn:aws:s3:::shoebox-test-euw1-web-123456789012" }
  }

  override_resource {
    target = aws_cloudfront_distribution.this
    values = { id = "E2WEB16EXAMPLE", arn = "arn:aws:cloudfront::123456789012:distribution/E2WEB16EXAMPLE" }
  }

  # The document's statement as written (the mocked provider renders no JSON).
  assert {
    condition = [
      for statement in data.aws_iam_policy_document.cloudfront_reads.statement : {
        effect     = coalesce(statement.effect, "Allow")
        actions    = statement.actions
        resources  = statement.resources
        principals = [for principal in statement.principals : { type = principal.type, identifiers = principal.identifiers }]
        conditions = [for condition in statement.condition : { test = condition.test, variable = condition.variable, values = condition.values }]
      }
      ] == [
      {
        effect     = "Allow"
        actions    = toset(["s3:GetObject"])
        resources  = toset(["arn:aws:s3:::shoebox-test-euw1-web-123456789012/*"])
        principals = [{ type = "Service", identifiers = toset(["cloudfront.amazonaws.com"]) }]
        conditions = [{ test = "StringEquals", variable = "AWS:SourceArn", values = tolist(["arn:aws:cloudfront::123456789012:distribution/E2WEB16EXAMPLE"]) }]
      },
    ]
    error_message = "CloudFront may read objects for this distribution only."
  }
}

# Private, versioned and TLS-only like every bucket of modules/bucket (modules.tftest.hcl); the
# site's own choice is S3's key.
run "site_bucket_is_encrypted_with_s3s_own_key" {
  module {
    source = "./modules/static_site"
  }

  variables {
    name                    = "shoebox-test-euw1-web"
    bucket_name             = "shoebox-test-euw1-web-123456789012"
    content_security_policy = "default-src 'self'"
  }

  assert {
    condition     = module.bucket.sse_algorithm == "AES256"
    error_message = "The site's files are encrypted with S3's own key (SSE-S3), which CloudFront can read."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.origin).domain_name == module.bucket.regional_domain_name && output.bucket_name == module.bucket.name
    error_message = "The distribution serves the bucket the module made, and bucket_name names it."
  }
}

run "distribution_reads_through_oac_redirects_to_https_and_falls_back_to_the_app" {
  module {
    source = "./modules/static_site"
  }

  variables {
    name                    = "shoebox-test-euw1-web"
    bucket_name             = "shoebox-test-euw1-web-123456789012"
    content_security_policy = "default-src 'self'"
  }

  assert {
    condition = (
      aws_cloudfront_origin_access_control.this.origin_access_control_origin_type == "s3" &&
      aws_cloudfront_origin_access_control.this.signing_behavior == "always" &&
      aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    )
    error_message = "The origin access control signs every request to S3 with SigV4."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.origin).origin_access_control_id == aws_cloudfront_origin_access_control.this.id
    error_message = "The bucket origin is reached through the origin access control."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "Plain HTTP is redirected to HTTPS."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).allowed_methods == toset(["GET", "HEAD"])
    error_message = "Viewers may only read."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_root_object == "index.html"
    error_message = "The site's root is index.html."
  }

  assert {
    condition = {
      for response in aws_cloudfront_distribution.this.custom_error_response :
      response.error_code => [response.response_code, response.response_page_path]
      } == {
      403 = [200, "/index.html"]
      404 = [200, "/index.html"]
    }
    error_message = "A path that is not a file (403 from the private bucket, or 404) serves the app's index.html with 200."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.viewer_certificate).cloudfront_default_certificate && length(aws_cloudfront_distribution.this.aliases) == 0
    error_message = "Without a custom domain the distribution serves its own name and certificate."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this.logging_config) == 0
    error_message = "Access logs are off without log_bucket."
  }
}

run "security_headers_policy_carries_the_csp_and_refuses_framing" {
  module {
    source = "./modules/static_site"
  }

  variables {
    name                    = "shoebox-test-euw1-web"
    bucket_name             = "shoebox-test-euw1-web-123456789012"
    content_security_policy = "default-src 'self'; connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com"
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).response_headers_policy_id == aws_cloudfront_response_headers_policy.this.id
    error_message = "Every response carries the security headers policy."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).content_security_policy).content_security_policy == "default-src 'self'; connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com" &&
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).content_security_policy).override
    )
    error_message = "The CSP is the one given, and replaces any the origin sends."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).frame_options).frame_option == "DENY" &&
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).content_type_options).override &&
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).referrer_policy).referrer_policy == "no-referrer"
    )
    error_message = "X-Frame-Options DENY, X-Content-Type-Options nosniff and Referrer-Policy no-referrer are set."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).strict_transport_security).access_control_max_age_sec >= 31536000 &&
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).strict_transport_security).include_subdomains &&
      one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).strict_transport_security).preload
    )
    error_message = "HSTS holds for at least a year, subdomains included, preload allowed."
  }
}

run "custom_domain_serves_its_certificate_with_tls_1_2_and_logs_when_asked" {
  module {
    source = "./modules/static_site"
  }

  variables {
    name                    = "shoebox-test-euw1-web"
    bucket_name             = "shoebox-test-euw1-web-123456789012"
    content_security_policy = "default-src 'self'"
    domain_name             = "app.example.com"
    certificate_arn         = "arn:aws:acm:us-east-1:123456789012:certificate/11112222-3333-4444-5555-666677778888"
    log_bucket              = "shoebox-logs-123456789012"
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this.aliases == toset(["app.example.com"]) &&
      one(aws_cloudfront_distribution.this.viewer_certificate).acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/11112222-3333-4444-5555-666677778888" &&
      one(aws_cloudfront_distribution.this.viewer_certificate).ssl_support_method == "sni-only" &&
      one(aws_cloudfront_distribution.this.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021"
    )
    error_message = "A custom domain is served with its ACM certificate, SNI and TLS 1.2 or later."
  }

  assert {
    condition     = output.url == "https://app.example.com"
    error_message = "The site's URL is the custom domain."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.logging_config).bucket == "shoebox-logs-123456789012.s3.amazonaws.com" && one(aws_cloudfront_distribution.this.logging_config).prefix == "shoebox-test-euw1-web/"
    error_message = "Access logs go to log_bucket under the site's name."
  }
}

# --- modules/user_pool --------------------------------------------------------------------------

run "user_pool_signs_in_by_email_with_a_strong_password_and_optional_totp" {
  module {
    source = "./modules/user_pool"
  }

  variables {
    name          = "shoebox-test"
    domain_prefix = "shoebox-test-0a1b2c3d"
    callback_urls = ["https://d111111abcdef8.cloudfront.net/"]
  }

  assert {
    condition     = aws_cognito_user_pool.this.username_attributes == toset(["email"]) && aws_cognito_user_pool.this.auto_verified_attributes == toset(["email"])
    error_message = "People sign in with a verified email address."
  }

  assert {
    condition = (
      one(aws_cognito_user_pool.this.password_policy).minimum_length >= 12 &&
      one(aws_cognito_user_pool.this.password_policy).require_lowercase &&
      one(aws_cognito_user_pool.this.password_policy).require_uppercase &&
      one(aws_cognito_user_pool.this.password_policy).require_numbers &&
      one(aws_cognito_user_pool.this.password_policy).require_symbols
    )
    error_message = "Passwords are at least 12 characters of every class."
  }

  assert {
    condition     = aws_cognito_user_pool.this.mfa_configuration == "OPTIONAL" && one(aws_cognito_user_pool.this.software_token_mfa_configuration).enabled
    error_message = "Each user may add an authenticator app (TOTP)."
  }

  assert {
    condition = (
      one(aws_cognito_user_pool.this.user_pool_add_ons).advanced_security_mode == "OFF" &&
      aws_cognito_user_pool.this.user_pool_tier == "LITE" &&
      aws_cognito_user_pool.this.deletion_protection == "ACTIVE" &&
      one(aws_cognito_user_pool.this.admin_create_user_config).allow_admin_create_user_only
    )
    error_message = "By default: no threat protection (Lite tier), deletion protection on, no self sign-up."
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "shoebox-test-0a1b2c3d" && output.hosted_ui_url == "https://shoebox-test-0a1b2c3d.auth.eu-west-1.amazoncognito.com"
    error_message = "The hosted UI is at https://<prefix>.auth.<region>.amazoncognito.com."
  }
}

run "web_client_is_public_and_uses_the_authorization_code_flow_only" {
  module {
    source = "./modules/user_pool"
  }

  variables {
    name          = "shoebox-test"
    domain_prefix = "shoebox-test-0a1b2c3d"
    callback_urls = ["https://d111111abcdef8.cloudfront.net/", "http://localhost:5173/"]
  }

  assert {
    condition = (
      !aws_cognito_user_pool_client.web.generate_secret &&
      aws_cognito_user_pool_client.web.allowed_oauth_flows_user_pool_client &&
      aws_cognito_user_pool_client.web.allowed_oauth_flows == toset(["code"]) &&
      aws_cognito_user_pool_client.web.explicit_auth_flows == toset(["ALLOW_REFRESH_TOKEN_AUTH"])
    )
    error_message = "The web client has no secret, and only the authorization code grant (no implicit grant, no password flows)."
  }

  assert {
    condition     = aws_cognito_user_pool_client.web.allowed_oauth_scopes == toset(["openid", "email", "profile"]) && aws_cognito_user_pool_client.web.supported_identity_providers == toset(["COGNITO"])
    error_message = "The client asks for openid, email and profile from the pool's own users."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.web.callback_urls == toset(["https://d111111abcdef8.cloudfront.net/", "http://localhost:5173/"]) &&
      aws_cognito_user_pool_client.web.logout_urls == aws_cognito_user_pool_client.web.callback_urls
    )
    error_message = "The hosted UI returns only to the given URLs, after signing in and out."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.web.access_token_validity == 60 &&
      aws_cognito_user_pool_client.web.id_token_validity == 60 &&
      aws_cognito_user_pool_client.web.refresh_token_validity == 12 &&
      one(aws_cognito_user_pool_client.web.token_validity_units).access_token == "minutes" &&
      one(aws_cognito_user_pool_client.web.token_validity_units).refresh_token == "hours" &&
      aws_cognito_user_pool_client.web.enable_token_revocation &&
      aws_cognito_user_pool_client.web.prevent_user_existence_errors == "ENABLED"
    )
    error_message = "Tokens last an hour, refresh tokens 12 hours and can be revoked; sign-in errors do not reveal who has an account."
  }
}

run "user_pool_with_threat_protection_moves_to_the_plus_tier" {
  module {
    source = "./modules/user_pool"
  }

  variables {
    name                = "shoebox-test"
    domain_prefix       = "shoebox-test-0a1b2c3d"
    callback_urls       = ["https://d111111abcdef8.cloudfront.net/"]
    advanced_security   = true
    self_sign_up        = true
    deletion_protection = false
  }

  assert {
    condition     = one(aws_cognito_user_pool.this.user_pool_add_ons).advanced_security_mode == "ENFORCED" && aws_cognito_user_pool.this.user_pool_tier == "PLUS"
    error_message = "Threat protection is enforced, which needs the Plus tier."
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "INACTIVE" && !one(aws_cognito_user_pool.this.admin_create_user_config).allow_admin_create_user_only
    error_message = "deletion_protection and self_sign_up follow the variables."
  }
}
