locals {
  # Computed, so the key policy can name the uploads bucket without a cycle (bucket -> key).
  bucket_names = { for key in keys(local.buckets) : key => "${local.global_name_prefix}-${key}-${local.account_id}" }

  buckets = {
    # Originals, uploaded by browsers with a presigned POST to uploads/{ownerId}/{photoId}.
    uploads = { browser_posts = true }
    # Derived WebP thumbnails at thumbnails/{ownerId}/{photoId}/{size}.webp, read via presigned GET.
    thumbnails = { browser_posts = false }
  }
}

module "bucket" {
  #checkov:skip=CKV_AWS_18:Access logging would need a separate log bucket per environment; CloudTrail data events cover object access auditing.
  #checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery decision not taken yet; versioning + PITR-style noncurrent retention cover accidental deletes.
  #checkov:skip=CKV2_AWS_62:Event notifications are wired per bucket in the root (uploads -> SQS); derived buckets need none.
  source   = "./modules/bucket"
  for_each = local.buckets

  # Bucket names are global: the region code and the account id keep them unique per region
  # and account (local.bucket_names, also used by the key policy).
  name        = local.bucket_names[each.key]
  kms_key_arn = module.kms_key.arn
  # The browsers' origins (the stack's own site included) may POST to the uploads bucket. Decided
  # here, not in local.buckets: the site's origin depends on the buckets' names. Whether there is
  # a rule is known at plan time; the site's origin itself is not until its distribution exists.
  cors_rules = each.value.browser_posts && (var.web_enabled || length(var.cors_allowed_origins) > 0) ? [{
    allowed_methods = ["POST"]
    allowed_origins = local.cors_allowed_origins
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }] : []
  force_destroy = var.force_destroy_buckets
}

# What the uploads bucket announces, and to which queue: each prefix to its own consumer. The
# prefixes must not overlap (S3 refuses overlapping filters for one event type).
locals {
  uploads_bucket_notifications = {
    uploads  = { queue = "uploads", prefix = "uploads/" }
    archives = { queue = "archives", prefix = "archives/" }
  }
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = module.bucket["uploads"].name

  dynamic "queue" {
    for_each = local.uploads_bucket_notifications
    content {
      id            = "${queue.key}-to-queue"
      queue_arn     = module.queue[queue.value.queue].arn
      events        = ["s3:ObjectCreated:*"]
      filter_prefix = queue.value.prefix
    }
  }

  # S3 validates each destination on create: the queue policies must already allow it.
  depends_on = [aws_sqs_queue_policy.bucket_notifications]
}
