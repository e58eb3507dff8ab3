# Each function's policy grants exactly what its code calls; logging and tracing are added by
# the lambda_function module.

locals {
  # What an SQS event source mapping needs of its queue (the function's role is what polls it).
  sqs_consumer_actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
}

data "aws_iam_policy_document" "uploads_api" {
  # Presigned POSTs for originals and for zip archives of receipts.
  statement {
    sid       = "PutOriginals"
    actions   = ["s3:PutObject"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*", "${module.bucket["uploads"].arn}/archives/*"]
  }

  statement {
    sid       = "RecordPhotos"
    actions   = ["dynamodb:BatchWriteItem", "dynamodb:PutItem"]
    resources = [module.table["photos"].arn]
  }

  statement {
    sid       = "RecordBatches"
    actions   = ["dynamodb:PutItem"]
    resources = [module.table["batches"].arn]
  }

  # A presigned POST to an SSE-KMS bucket is signed with this role's credentials.
  statement {
    sid       = "EncryptUploads"
    actions   = ["kms:GenerateDataKey", "kms:Encrypt"]
    resources = [module.kms_key.arn]
  }
}

data "aws_iam_policy_document" "photos_api" {
  statement {
    sid       = "ReadPhotos"
    actions   = ["dynamodb:Query", "dynamodb:GetItem"]
    resources = [module.table["photos"].arn]
  }

  statement {
    sid       = "ReadBatches"
    actions   = ["dynamodb:GetItem"]
    resources = [module.table["batches"].arn]
  }

  statement {
    sid       = "ReadThumbnails"
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket["thumbnails"].arn}/thumbnails/*"]
  }

  statement {
    sid       = "DecryptThumbnails"
    actions   = ["kms:Decrypt"]
    resources = [module.kms_key.arn]
  }
}

data "aws_iam_policy_document" "thumbnail" {
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  # Without ListBucket, S3 answers a missing key with AccessDenied instead of NoSuchKey, and
  # an upload deleted before processing would be retried into the DLQ instead of failed.
  statement {
    sid       = "ListOriginals"
    actions   = ["s3:ListBucket"]
    resources = [module.bucket["uploads"].arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["uploads/*"]
    }
  }

  statement {
    sid       = "WriteThumbnails"
    actions   = ["s3:PutObject"]
    resources = ["${module.bucket["thumbnails"].arn}/thumbnails/*"]
  }

  statement {
    sid       = "UpdatePhotos"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [module.table["photos"].arn]
  }

  # TransactWriteItems (notifiedAt on the photo + the counter on its batch) is authorised as
  # UpdateItem on each table it updates.
  statement {
    sid       = "CountOnBatches"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["batches"].arn]
  }

  statement {
    sid       = "PublishPhotoEvents"
    actions   = ["sns:Publish"]
    resources = [module.topic["events"].arn]
  }

  statement {
    sid       = "ConsumeUploadsQueue"
    actions   = local.sqs_consumer_actions
    resources = [module.queue["uploads"].arn]
  }

  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.kms_key.arn]
  }
}

data "aws_iam_policy_document" "event_ingest" {
  statement {
    sid       = "StoreEvents"
    actions   = ["dynamodb:PutItem"]
    resources = [module.table["ingest-events"].arn]
  }

  statement {
    sid       = "ConsumeIngestQueue"
    actions   = local.sqs_consumer_actions
    resources = [module.queue["ingest"].arn]
  }

  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.kms_key.arn]
  }
}

data "aws_iam_policy_document" "receipt_starter" {
  statement {
    sid       = "StartReceiptWorkflow"
    actions   = ["states:StartExecution"]
    resources = [local.receipt_workflow_arn]
  }

  # The uploader's receipt hints are on the photo item, not in the photo.processed message.
  statement {
    sid       = "ReadPhotos"
    actions   = ["dynamodb:GetItem"]
    resources = [module.table["photos"].arn]
  }

  statement {
    sid       = "ConsumeReceiptStarterQueue"
    actions   = local.sqs_consumer_actions
    resources = [module.queue["receipt-starter"].arn]
  }

  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.kms_key.arn]
  }
}

data "aws_iam_policy_document" "receipt_delivery" {
  # GetQueueUrl and ChangeMessageVisibility: a batch the database refused is delayed on the
  # queue (exponential backoff) instead of being retried at the visibility timeout.
  statement {
    sid       = "ConsumeReceiptDeliveryQueue"
    actions   = concat(local.sqs_consumer_actions, ["sqs:GetQueueUrl"])
    resources = [module.queue["receipt-delivery"].arn]
  }

  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [module.delivery_database_secret.arn]
  }

  # Decrypt also opens the database secret, which Secrets Manager encrypts with this key.
  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.kms_key.arn]
  }
}

module "function" {
  source   = "./modules/lambda_function"
  for_each = local.function_settings

  function_name      = "${local.name_prefix}-${each.key}"
  description        = each.value.description
  filename           = local.function_artifacts[each.key].filename
  source_code_hash   = local.function_artifacts[each.key].source_code_hash
  handler            = local.function_artifacts[each.key].handler
  runtime            = local.function_artifacts[each.key].runtime
  architecture       = local.function_artifacts[each.key].architecture
  timeout            = each.value.timeout
  memory_size        = each.value.memory_size
  kms_key_arn        = module.kms_key.arn
  log_retention_days = var.log_retention_days
  policy_json        = lookup(local.function_policies, each.key, null)
  attach_policy_json = contains(keys(local.function_policies), each.key)

  environment = merge(local.common_environment, local.function_environment[each.key], {
    POWERTOOLS_SERVICE_NAME = each.key
  })
}

# Against the local emulator the local runtime polls the queues itself (see runtime_config).
resource "aws_lambda_event_source_mapping" "sqs" {
  for_each = var.local_emulation ? {} : local.sqs_consumers

  event_source_arn                   = module.queue[each.value.queue].arn
  function_name                      = module.function[each.key].arn
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_in_seconds
  function_response_types            = each.value.function_response_types

  scaling_config {
    maximum_concurrency = each.value.maximum_concurrency
  }
}

data "aws_iam_policy_document" "archive_fanout" {
  statement {
    sid       = "ReadArchives"
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket["uploads"].arn}/archives/*"]
  }

  # Without ListBucket, a missing object reads as AccessDenied instead of NoSuchKey.
  statement {
    sid       = "ListArchivesAndUploads"
    actions   = ["s3:ListBucket"]
    resources = [module.bucket["uploads"].arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["archives/*", "uploads/*"]
    }
  }

  statement {
    sid       = "WriteEntriesAsUploads"
    actions   = ["s3:PutObject"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  statement {
    sid       = "RecordPhotos"
    actions   = ["dynamodb:PutItem"]
    resources = [module.table["photos"].arn]
  }

  statement {
    sid       = "TrackBatches"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [module.table["batches"].arn]
  }

  statement {
    sid       = "ConsumeArchivesQueue"
    actions   = local.sqs_consumer_actions
    resources = [module.queue["archives"].arn]
  }

  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [module.kms_key.arn]
  }
}
