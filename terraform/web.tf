# The web app's site (modules/static_site): the built app in a private bucket behind CloudFront,
# with security headers whose Content-Security-Policy is built from this stack's own endpoints.
locals {
  # Presigned URLs name a bucket the way its regional domain name does (virtual-hosted style).
  uploads_origin    = "https://${module.bucket["uploads"].regional_domain_name}"
  thumbnails_origin = "https://${module.bucket["thumbnails"].regional_domain_name}"

  # The API is named by the region's API Gateway hosts, not by its own: the API's CORS names
  # the site's origin, which is the distribution's domain, and the distribution carries this
  # policy, so naming the API here would be a dependency cycle (API -> distribution -> policy
  # -> API). connect-src still admits only API Gateway, the identity provider and the uploads
  # bucket.
  api_origin_pattern = "https://*.execute-api.${local.region}.${data.aws_partition.current.dns_suffix}"

  web_content_security_policy = join("; ", [
    "default-src 'self'",
    # blob: for previews of picked files before they upload.
    "img-src 'self' data: blob: ${local.thumbnails_origin} ${local.uploads_origin}",
    "connect-src 'self' ${local.api_origin_pattern} ${local.auth_origin} ${local.uploads_origin}",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ])

  web_url = var.web_enabled ? module.static_site[0].url : null
  # The app completes a sign-in at its root: where the hosted UI sends people back to.
  web_redirect_uri = var.web_enabled ? "${local.web_url}/" : null

  # The API answers the site's origin and any others given.
  cors_allowed_origins = distinct(concat(var.cors_allowed_origins, var.web_enabled ? [local.web_url] : []))
}

module "static_site" {
  source = "./modules/static_site"
  count  = var.web_enabled ? 1 : 0

  # CloudFront names are per account, bucket names global: both carry the region's code.
  name                    = "${local.global_name_prefix}-web"
  bucket_name             = "${local.global_name_prefix}-web-${local.account_id}"
  content_security_policy = local.web_content_security_policy
  domain_name             = var.web_domain_name
  certificate_arn         = var.web_certificate_arn
  price_class             = var.web_price_class
  log_bucket              = var.web_log_bucket
  force_destroy           = var.force_destroy_buckets
}
