# The functions: what each is given, its least-privilege policy, the module call and the SQS
# event source mappings. (What each is, is local.functions in locals.tf.)

# What each function is given, one entry per function of local.functions: its environment (the
# resources its code uses), its least-privilege policy (the document below, next to the resources
# it grants) and the key actions its calls need (the lambda_function module adds them as one
# UseKey statement on the project key). A function that calls no AWS API has no policy_json: its
# role gets only the module's logging and X-Ray policy.
locals {
  function_bindings = {
    "uploads-api" = {
      environment = {
        UPLOADS_BUCKET         = module.bucket["uploads"].name
        PHOTOS_TABLE           = module.table["photos"].name
        BATCHES_TABLE          = module.table["batches"].name
        UPLOAD_URL_TTL_SECONDS = tostring(var.upload_url_ttl_seconds)
        MAX_UPLOAD_BYTES       = tostring(var.max_upload_bytes)
        MAX_ARCHIVE_BYTES      = tostring(var.max_archive_bytes)
        # Per-user limits, counted in the limits table (variables.tf: user_*).
        LIMITS_TABLE             = module.table["limits"].name
        USER_REQUESTS_PER_SECOND = tostring(var.user_requests_per_second)
        USER_REQUEST_BURST       = tostring(var.user_request_burst)
        USER_FILES_PER_DAY       = tostring(var.user_files_per_day)
        USER_BYTES_PER_DAY       = tostring(var.user_bytes_per_day)
      }
      policy_json = data.aws_iam_policy_document.uploads_api.json
      # A presigned POST to an SSE-KMS bucket is signed with this role's credentials, so S3 asks
      # for a data key as this role (GenerateDataKey). The photos, batches and limits tables are
      # encrypted with the key too, and DynamoDB uses a table's key with the caller's permissions
      # (Decrypt).
      kms_key_actions = ["kms:GenerateDataKey", "kms:Decrypt"]
    }
    "photos-api" = {
      environment = {
        PHOTOS_TABLE      = module.table["photos"].name
        BATCHES_TABLE     = module.table["batches"].name
        UPLOADS_BUCKET    = module.bucket["uploads"].name
        THUMBNAILS_BUCKET = module.bucket["thumbnails"].name
        # The sizes the thumbnail function renders: the API tells each thumbnail's width and height.
        THUMBNAIL_SIZES = var.thumbnail_sizes
        # A receipt is not deleted while its workflow (an execution named after the photo) runs.
        RECEIPT_WORKFLOW_ARN     = local.receipt_workflow_arn
        DOWNLOAD_URL_TTL_SECONDS = tostring(var.download_url_ttl_seconds)
        # The same per-user request window as uploads-api: one request limit across the API.
        LIMITS_TABLE             = module.table["limits"].name
        USER_REQUESTS_PER_SECOND = tostring(var.user_requests_per_second)
        USER_REQUEST_BURST       = tostring(var.user_request_burst)
      }
      policy_json = data.aws_iam_policy_document.photos_api.json
      # SSE-KMS thumbnails and originals (presigned GETs are decrypted with the signer's
      # permissions), the tables (limits included) and the workflow's execution data, all encrypted
      # with the same key. Deleting an object or an item needs no key.
      kms_key_actions = ["kms:Decrypt"]
    }
    "receipts-api" = {
      environment = {
        RECEIPTS_TABLE = module.table["receipts"].name
        # The same per-user request window as the other API functions.
        LIMITS_TABLE             = module.table["limits"].name
        USER_REQUESTS_PER_SECOND = tostring(var.user_requests_per_second)
        USER_REQUEST_BURST       = tostring(var.user_request_burst)
      }
      policy_json = data.aws_iam_policy_document.receipts_api.json
      # The receipts and limits tables are encrypted with the project's key; DynamoDB uses it with
      # the caller's permissions (Decrypt).
      kms_key_actions = ["kms:Decrypt"]
    }
    "thumbnail" = {
      environment = {
        UPLOADS_BUCKET    = module.bucket["uploads"].name
        THUMBNAILS_BUCKET = module.bucket["thumbnails"].name
        PHOTOS_TABLE      = module.table["photos"].name
        BATCHES_TABLE     = module.table["batches"].name
        EVENTS_TOPIC_ARN  = module.topic["events"].arn
        THUMBNAIL_SIZES   = var.thumbnail_sizes
        MAX_INPUT_PIXELS  = tostring(var.max_input_pixels)
        # The presigned POST's size cap, so the function refuses nothing the upload accepted.
        MAX_INPUT_BYTES  = tostring(var.max_upload_bytes)
        MAX_DECODE_BYTES = tostring(var.thumbnail_max_decode_mib * 1048576)
        MAX_RECEIVES     = tostring(var.max_receive_count)
      }
      policy_json = data.aws_iam_policy_document.thumbnail.json
      # GenerateDataKey: SSE-KMS puts of thumbnails and publishes to the encrypted topic. Decrypt:
      # SSE-KMS gets of originals, the encrypted queue, topic and tables.
      kms_key_actions = ["kms:Decrypt", "kms:GenerateDataKey"]
    }
    "event-ingest" = {
      environment = {
        INGEST_EVENTS_TABLE = module.table["ingest-events"].name
        # With the ownerSub message attribute, names the owner the same way the HTTP functions do.
        JWT_ISSUER = var.jwt_issuer
      }
      policy_json = data.aws_iam_policy_document.event_ingest.json
      # Receiving from the encrypted queue and writing the encrypted table both need only Decrypt.
      kms_key_actions = ["kms:Decrypt"]
    }
    "receipt-starter" = {
      environment = {
        RECEIPT_WORKFLOW_ARN = local.receipt_workflow_arn
        PHOTOS_TABLE         = module.table["photos"].name
      }
      policy_json = data.aws_iam_policy_document.receipt_starter.json
      # The encrypted queue and photos table. StartExecution needs no key permission of the caller
      # (Step Functions encrypts the input with the state machine role's permissions).
      kms_key_actions = ["kms:Decrypt"]
    }
    "receipt-extract" = {
      environment = {
        UPLOADS_BUCKET = module.bucket["uploads"].name
        # A type Textract cannot read is downloaded and converted, within the upload's limits.
        MAX_INPUT_BYTES  = tostring(var.max_upload_bytes)
        MAX_INPUT_PIXELS = tostring(var.max_input_pixels)
      }
      policy_json = data.aws_iam_policy_document.receipt_extract.json
      # Textract reads the SSE-KMS original with this role's permissions.
      kms_key_actions = ["kms:Decrypt"]
    }
    "receipt-reader" = {
      environment = {
        UPLOADS_BUCKET   = module.bucket["uploads"].name
        MAX_INPUT_BYTES  = tostring(var.max_upload_bytes)
        MAX_INPUT_PIXELS = tostring(var.max_input_pixels)
      }
      policy_json = data.aws_iam_policy_document.receipt_reader.json
      # SSE-KMS reads of originals.
      kms_key_actions = ["kms:Decrypt"]
    }
    "receipt-validate" = {
      # The review thresholds (variables.tf: review_*); Validate decides who waits for a person.
      environment = {
        REVIEWS_ENABLED       = tostring(var.review_enabled)
        REVIEW_MIN_CONFIDENCE = tostring(var.review_min_confidence)
        REVIEW_TOTAL_LIMITS   = jsonencode(var.review_total_limits)
      }
    }
    "review-request" = {
      environment = {
        RECEIPTS_TABLE   = module.table["receipts"].name
        EVENTS_TOPIC_ARN = module.topic["events"].arn
      }
      policy_json = data.aws_iam_policy_document.review_request.json
      # The receipts table is encrypted with the project key (DynamoDB uses it as the caller:
      # Decrypt, and GenerateDataKey to write), and so is the events topic (SNS: GenerateDataKey
      # and Decrypt for the publisher).
      kms_key_actions = ["kms:GenerateDataKey", "kms:Decrypt"]
    }
    "reviews-api" = {
      environment = {
        RECEIPTS_TABLE           = module.table["receipts"].name
        UPLOADS_BUCKET           = module.bucket["uploads"].name
        DOWNLOAD_URL_TTL_SECONDS = tostring(var.download_url_ttl_seconds)
        LIMITS_TABLE             = module.table["limits"].name
        USER_REQUESTS_PER_SECOND = tostring(var.user_requests_per_second)
        USER_REQUEST_BURST       = tostring(var.user_request_burst)
      }
      policy_json = data.aws_iam_policy_document.reviews_api.json
      # The tables (reads and the decision's write), and the presigned GET of an SSE-KMS original:
      # S3 decrypts it with the signer's permissions.
      kms_key_actions = ["kms:GenerateDataKey", "kms:Decrypt"]
    }
    "receipt-transform" = { environment = {} }
    "archive-fanout" = {
      environment = {
        UPLOADS_BUCKET  = module.bucket["uploads"].name
        PHOTOS_TABLE    = module.table["photos"].name
        BATCHES_TABLE   = module.table["batches"].name
        MAX_ENTRY_BYTES = tostring(var.max_upload_bytes)
        # Where the function continues an archive that needs more than one invocation.
        ARCHIVES_QUEUE_URL = module.queue["archives"].url
      }
      policy_json = data.aws_iam_policy_document.archive_fanout.json
      # GenerateDataKey: SSE-KMS puts of the entries, continuations on the encrypted queue.
      # Decrypt: SSE-KMS reads of the archive, the encrypted queue and tables.
      kms_key_actions = ["kms:Decrypt", "kms:GenerateDataKey"]
    }
    "receipt-delivery" = {
      environment = {
        RECEIPTS_TABLE                  = module.table["receipts"].name
        BATCHES_TABLE                   = module.table["batches"].name
        EVENTS_TOPIC_ARN                = module.topic["events"].arn
        DATABASE_SECRET_ARN             = module.delivery_database_secret.arn
        DATABASE_SECRET_MAX_AGE_SECONDS = "300"
        DB_STATEMENT_TIMEOUT_MS         = "10000"
        DB_CONNECT_TIMEOUT_MS           = "5000"
        RETRY_BASE_DELAY_SECONDS        = "30"
        RETRY_MAX_DELAY_SECONDS         = "900"
      }
      policy_json = data.aws_iam_policy_document.receipt_delivery.json
      # Receiving from the encrypted queue, reading the secret and using the CMK tables need
      # Decrypt; publishing receipt.failed to the encrypted topic needs GenerateDataKey.
      kms_key_actions = ["kms:Decrypt", "kms:GenerateDataKey"]
      # The only function that may run in the customer's VPC (to reach the database privately);
      # the module adds the network interface permissions.
      vpc_subnet_ids         = var.delivery_subnet_ids
      vpc_security_group_ids = var.delivery_security_group_ids
    }
  }

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

  # PENDING items in chunks of 25 (BatchWriteItem of PutRequests is authorised as BatchWriteItem).
  statement {
    sid       = "RecordPhotos"
    actions   = ["dynamodb:BatchWriteItem"]
    resources = [module.table["photos"].arn]
  }

  # A new batch is a conditional PutItem; adding files to an earlier batch is an UpdateItem (ADD).
  statement {
    sid       = "RecordBatches"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [module.table["batches"].arn]
  }

  # Per-user limits: a conditional ADD per request window and per day (a failed request's count
  # given back with another ADD).
  statement {
    sid       = "CountUserLimits"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["limits"].arn]
  }
}

# photos-api: the caller's photos and batches (a page, one, a conditional delete), presigned GETs
# of thumbnails and originals, the deletes of a photo's objects, and whether a receipt's workflow
# still runs.
data "aws_iam_policy_document" "photos_api" {
  statement {
    sid       = "ReadAndDeletePhotos"
    actions   = ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:DeleteItem"]
    resources = [module.table["photos"].arn]
  }

  statement {
    sid       = "ReadBatches"
    actions   = ["dynamodb:GetItem"]
    resources = [module.table["batches"].arn]
  }

  # The presigned thumbnail URLs are signed with this role's credentials, so the client's GET is
  # authorised as this role.
  statement {
    sid       = "ShowAndDeleteThumbnails"
    actions   = ["s3:GetObject", "s3:DeleteObject"]
    resources = ["${module.bucket["thumbnails"].arn}/thumbnails/*"]
  }

  # The original's download names the version decided on (s3:GetObjectVersion). A DELETE names
  # no version: it leaves a delete marker, and the lifecycle expires the noncurrent version.
  statement {
    sid       = "DownloadAndDeleteOriginals"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  # receipt-starter names each execution after its photo: a receipt is kept while it runs.
  statement {
    sid       = "CheckReceiptWorkflows"
    actions   = ["states:DescribeExecution"]
    resources = ["${replace(local.receipt_workflow_arn, ":stateMachine:", ":execution:")}:*"]
  }

  # The per-user request limit: a conditional ADD per request window.
  statement {
    sid       = "CountUserRequests"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["limits"].arn]
  }
}

data "aws_iam_policy_document" "receipts_api" {
  # Query only: a page and an export read the caller's RECEIPT# items (begins_with on the sort key).
  statement {
    sid       = "ReadReceipts"
    actions   = ["dynamodb:Query"]
    resources = [module.table["receipts"].arn]
  }

  # The per-user request limit: a conditional ADD per request window.
  statement {
    sid       = "CountUserRequests"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["limits"].arn]
  }
}

# review-request: the REVIEW# item and the receipt's IN_REVIEW status (conditional updates that
# read nothing first), and review.requested / review.escalated on the events topic.
data "aws_iam_policy_document" "review_request" {
  statement {
    sid       = "RecordReviews"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["receipts"].arn]
  }

  statement {
    sid       = "AnnounceReviews"
    actions   = ["sns:Publish"]
    resources = [module.topic["events"].arn]
  }
}

# reviews-api: the caller's REVIEW# items (a page, one, a conditional decision), a presigned GET
# of the original by its version, and the answer to the waiting workflow task.
data "aws_iam_policy_document" "reviews_api" {
  statement {
    sid       = "ReadAndDecideReviews"
    actions   = ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [module.table["receipts"].arn]
  }

  statement {
    sid       = "ShowOriginals"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  # The service authorization reference lists no resource type for these actions: IAM checks
  # them against "*", and a statement naming the state machine never matches (the local stack's
  # IAM gate refused exactly that). The task token is the capability: only the function the
  # workflow handed it to, and the API that reads it from the owner's own review, can answer.
  statement {
    sid       = "AnswerWorkflowTasks"
    actions   = ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"]
    resources = ["*"]
  }

  # The per-user request limit: a conditional ADD per request window.
  statement {
    sid       = "CountUserRequests"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["limits"].arn]
  }
}

# The original, by the version the workflow names (GetObject with a versionId is
# s3:GetObjectVersion): what the offline reader downloads, and what Textract reads for
# receipt-extract with that function's permissions.
data "aws_iam_policy_document" "receipt_reader" {
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }
}

# Textract AnalyzeExpense on the original where it lies: the reader's read, plus Textract, whose
# expense actions have no resource-level permissions (the service authorization reference lists
# none), so "*".
data "aws_iam_policy_document" "receipt_extract" {
  source_policy_documents = [data.aws_iam_policy_document.receipt_reader.json]

  statement {
    sid       = "AnalyzeExpenses"
    actions   = ["textract:AnalyzeExpense", "textract:StartExpenseAnalysis", "textract:GetExpenseAnalysis"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "thumbnail" {
  # An original is read by the version its event names (GetObject with a versionId is
  # s3:GetObjectVersion); a later upload to a decided photo has its version deleted, so what
  # was processed is what stays stored.
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  statement {
    sid       = "RefuseOverwrittenOriginals"
    actions   = ["s3:DeleteObjectVersion"]
    resources = ["${module.bucket["uploads"].arn}/uploads/*"]
  }

  # S3 answers a missing key with NoSuchKey only if the caller may list the bucket (otherwise
  # AccessDenied, and an upload deleted before processing would be retried into the DLQ instead
  # of failed). No s3:prefix condition: a GetObject request carries no s3:prefix key, so such a
  # grant would never apply to it. The function already reads every object under uploads/, so
  # listing the names exposes nothing new.
  statement {
    sid       = "ListUploadsBucket"
    actions   = ["s3:ListBucket"]
    resources = [module.bucket["uploads"].arn]
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
}

data "aws_iam_policy_document" "archive_fanout" {
  # GetObject (ranged reads) and HeadObject (size and ETag) of the archive; HeadObject of
  # uploads/ checks whether a replayed entry was already written. S3 authorises HeadObject as
  # s3:GetObject.
  statement {
    sid       = "ReadArchivesAndHeadUploads"
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket["uploads"].arn}/archives/*", "${module.bucket["uploads"].arn}/uploads/*"]
  }

  # S3 answers a missing key with NoSuchKey (404) only if the caller may list the bucket;
  # otherwise AccessDenied. No s3:prefix condition: GetObject/HeadObject requests carry no
  # s3:prefix key, so a conditioned grant never applies to them. The function already reads
  # every object it could list, so listing the names exposes nothing new.
  statement {
    sid       = "ListUploadsBucket"
    actions   = ["s3:ListBucket"]
    resources = [module.bucket["uploads"].arn]
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

  # An archive longer than one invocation's share continues in a message the function sends
  # to its own queue, so it never holds one of the few fan-out slots for long.
  statement {
    sid       = "ContinueArchives"
    actions   = ["sqs:SendMessage"]
    resources = [module.queue["archives"].arn]
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

  # A receipt the customer's database can never take is recorded FAILED instead of retried to the DLQ.
  statement {
    sid       = "RecordRejectedReceipts"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [module.table["receipts"].arn]
  }

  statement {
    sid       = "RecountRejectedOnBatches"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["batches"].arn]
  }

  statement {
    sid       = "PublishReceiptFailed"
    actions   = ["sns:Publish"]
    resources = [module.topic["events"].arn]
  }
}

module "function" {
  source   = "./modules/lambda_function"
  for_each = local.functions

  function_name = "${local.name_prefix}-${each.key}"
  # IAM role names are account-global: the region code keeps two regions apart.
  role_name          = "${local.global_name_prefix}-${each.key}"
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
  environment        = local.function_environment[each.key]

  # Whether a binding has a policy is known from its attributes at plan, unlike the policy itself.
  attach_policy_json     = contains(keys(local.function_bindings[each.key]), "policy_json")
  policy_json            = lookup(local.function_bindings[each.key], "policy_json", null)
  kms_key_actions        = lookup(local.function_bindings[each.key], "kms_key_actions", [])
  vpc_subnet_ids         = lookup(local.function_bindings[each.key], "vpc_subnet_ids", [])
  vpc_security_group_ids = lookup(local.function_bindings[each.key], "vpc_security_group_ids", [])
}

# With delivery_mode = "pull" receipt-delivery has no mapping (local.sqs_consumers leaves it out).
# The local stack leaves the mappings out in its own override file and polls with the same
# settings (runtime_config.event_source_mappings).
resource "aws_lambda_event_source_mapping" "sqs" {
  for_each = local.sqs_consumers

  event_source_arn                   = module.queue[each.value.queue].arn
  function_name                      = module.function[each.key].arn
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_in_seconds
  function_response_types            = each.value.function_response_types

  scaling_config {
    maximum_concurrency = each.value.maximum_concurrency
  }

  # The variables check their own pairs; this also covers the settings fixed in local.functions.
  lifecycle {
    precondition {
      condition     = each.value.batch_size <= 10 || each.value.maximum_batching_window_in_seconds >= 1
      error_message = "The ${each.key} event source mapping has a batch size over 10 without a batching window of at least 1 s, which AWS refuses."
    }
  }
}

# The pull alternative (delivery_mode = "pull"): what the on-premises agent
# (packages/delivery-agent) may do, and nothing more. The platform team attaches it to the
# identity the agent runs as (an IAM role via IAM Roles Anywhere, or a user).
data "aws_iam_policy_document" "delivery_agent" {
  # DeleteMessageBatch and ChangeMessageVisibilityBatch are authorised as DeleteMessage and
  # ChangeMessageVisibility; the agent keeps a batch invisible while the database works on it.
  statement {
    sid = "ConsumeReceiptDeliveryQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [module.queue["receipt-delivery"].arn]
  }

  # Receiving from the encrypted queue.
  statement {
    sid       = "DecryptReceiptDeliveryQueue"
    actions   = ["kms:Decrypt"]
    resources = [module.kms_key.arn]
  }
}
