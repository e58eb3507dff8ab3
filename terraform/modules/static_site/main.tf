# The built app in a private bucket that only this module's distribution reads (origin access
# control). Encrypted with S3's own key: the files are served to anyone who asks, and a
# customer-managed key would have to let CloudFront decrypt with it. Versions keep the previous
# build for a rollback until the lifecycle expires them.
module "bucket" {
  #checkov:skip=CKV_AWS_18:CloudFront serves every read of the bucket; its access log (log_bucket) is the one that sees the viewers.
  #checkov:skip=CKV_AWS_144:Everything in the bucket is rebuilt from the repository by a publish; replication would add nothing.
  #checkov:skip=CKV_AWS_145:The app's public files: SSE-S3 suffices, and SSE-KMS would need CloudFront in the key policy.
  #checkov:skip=CKV2_AWS_62:A publish writes the bucket; nothing reacts to its events.
  source = "../bucket"

  name                               = var.bucket_name
  kms_key_arn                        = null
  policy_documents                   = [data.aws_iam_policy_document.cloudfront_reads.json]
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  force_destroy                      = var.force_destroy
  tags                               = var.tags
}

# A stack applied before the bucket moved into modules/bucket keeps its bucket and settings.
moved {
  from = aws_s3_bucket.this
  to   = module.bucket.aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_public_access_block.this
  to   = module.bucket.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this
  to   = module.bucket.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this
  to   = module.bucket.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_versioning.this
  to   = module.bucket.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.this
  to   = module.bucket.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.this
  to   = module.bucket.aws_s3_bucket_policy.this
}

# CloudFront reads objects as this distribution only (aws:SourceArn); the bucket module adds
# the TLS-only statement. No s3:ListBucket: a missing file is a 403, which the distribution
# answers with index.html like any other path the app owns.
data "aws_iam_policy_document" "cloudfront_reads" {
  statement {
    sid       = "CloudFrontReadsThroughThisDistribution"
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }
}

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = var.name
  description                       = "CloudFront signs its requests to ${var.bucket_name}."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "this" {
  name    = var.name
  comment = "Security headers of ${var.name}."

  security_headers_config {
    content_security_policy {
      content_security_policy = var.content_security_policy
      override                = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    # Nothing of the app's addresses leaves it, not even the origin: no request it makes needs one.
    referrer_policy {
      referrer_policy = "no-referrer"
      override        = true
    }

    # preload consents to browsers' built-in HTTPS list; it takes effect only when the owner of
    # the registrable domain submits it (hstspreload.org), never for *.cloudfront.net.
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
  }

  custom_headers_config {
    items {
      header   = "Permissions-Policy"
      value    = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
      override = true
    }

    items {
      header   = "Cross-Origin-Opener-Policy"
      value    = "same-origin"
      override = true
    }
  }
}

locals {
  origin_id = "site-bucket"
  # AWS's managed CachingOptimized policy: long TTLs that honour the files' own Cache-Control
  # (the publish marks index.html and config.json no-cache), compressed. A constant, not a data
  # source lookup, so a plan reads nothing from AWS.
  caching_optimized_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_68:Public static files from a read-only origin: Shield Standard covers floods, and a web ACL would guard nothing the origin exposes.
  #checkov:skip=CKV2_AWS_47:No WAF web ACL (CKV_AWS_68), so no Log4j rule group to attach.
  #checkov:skip=CKV_AWS_310:One origin, the bucket: nothing to fail over to.
  #checkov:skip=CKV_AWS_374:The app's users may be anywhere; no geo restriction.
  enabled             = true
  comment             = "${var.name}: the web app"
  default_root_object = "index.html"
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  price_class         = var.price_class
  aliases             = var.domain_name == null ? [] : [var.domain_name]

  origin {
    origin_id                = local.origin_id
    domain_name              = module.bucket.regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  default_cache_behavior {
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_optimized_policy_id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  # The app routes in the URL's fragment, so only a mistyped or stale path gets here: it opens
  # the app instead of S3's error. Cached briefly, so a new publish is seen soon.
  dynamic "custom_error_response" {
    for_each = [403, 404]
    content {
      error_code            = custom_error_response.value
      response_code         = 200
      response_page_path    = "/index.html"
      error_caching_min_ttl = 10
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.certificate_arn == null
    acm_certificate_arn            = var.certificate_arn
    ssl_support_method             = var.certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  dynamic "logging_config" {
    for_each = var.log_bucket == null ? [] : [var.log_bucket]
    content {
      bucket          = "${logging_config.value}.s3.amazonaws.com"
      prefix          = "${var.name}/"
      include_cookies = false
    }
  }

  tags = var.tags
}
