data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Regional names: <project>-<environment>, plus the workspace when it is not "default", so two
  # workspaces of one environment in one account and region do not collide.
  name_prefix = join("-", compact([var.project, var.environment, terraform.workspace == "default" ? "" : terraform.workspace]))

  # Account-global names (IAM roles) and globally unique ones (S3 buckets) also carry the
  # region's short code (eu-west-1 -> euw1, ap-southeast-2 -> apse2, us-gov-west-1 -> usgw1),
  # so the same environment deployed in two regions does not collide either.
  region_parts = regex("^([a-z]{2})(-gov)?-([a-z]+)-([0-9]+)$", local.region)
  region_short_code = join("", [
    local.region_parts[0],
    local.region_parts[1] == null ? "" : "g",
    lookup({ north = "n", south = "s", east = "e", west = "w", central = "c", northeast = "ne", northwest = "nw", southeast = "se", southwest = "sw" }, local.region_parts[2], local.region_parts[2]),
    local.region_parts[3],
  ])
  global_name_prefix = "${local.name_prefix}-${local.region_short_code}"

  tags = merge(var.tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  # The build manifest is the only source of code artifacts; Terraform never builds zips.
  # A missing manifest is reported by the artifacts_manifest validation ("run make build").
  artifacts_manifest = coalesce(var.artifacts_manifest, "${path.root}/../dist/manifest.json")
  artifacts_dir      = dirname(local.artifacts_manifest)
  manifest           = try(jsondecode(file(local.artifacts_manifest)), { functions = {} })

  # Every function, one entry each: what it is and, for an SQS consumer, how it polls its queue
  # (a batch over 10 needs a batching window of at least 1 s: the variables and the mapping's
  # precondition check it). What it is given (environment, policy, key actions) is its entry in
  # local.function_bindings (functions.tf), beside its policy: the queues read the timeouts here,
  # and the bindings name the queues, so one map holding both would be a dependency cycle.
  functions = merge(local.core_functions, local.receipt_readers[var.receipt_reader])

  # The workflow's Extract step is one of two functions, by var.receipt_reader; only that one
  # is deployed.
  receipt_reader_function = { textract = "receipt-extract", local = "receipt-reader" }[var.receipt_reader]
  receipt_readers = {
    # Waits for Textract: a synchronous AnalyzeExpense for an image, an asynchronous job polled
    # for a PDF (up to the timeout, then the workflow retries). Memory is for the types Textract
    # cannot read (HEIC, WebP, GIF, AVIF): decoded and sent as a JPEG, 356 MiB measured for 12 MP.
    textract = {
      "receipt-extract" = {
        description  = "Receipt workflow task Extract: Textract AnalyzeExpense on the original, normalised into the workflow's reading."
        timeout      = 90
        memory_size  = 1024
        sqs_consumer = null
      }
    }
    # OCR is CPU bound: Lambda gives CPU in proportion to memory, so more memory reads faster.
    local = {
      "receipt-reader" = {
        description  = "Receipt workflow task Extract: reads the original offline (tesseract OCR) into the workflow's reading."
        timeout      = var.receipt_reader_timeout
        memory_size  = var.receipt_reader_memory_size
        sqs_consumer = null
      }
    }
  }

  core_functions = {
    # Up to 500 files: 20 BatchWriteItem calls and 500 signatures. 29 s is the most an HTTP API
    # integration waits (30 s), so a slow request still answers instead of timing out at the gateway.
    "uploads-api" = {
      description  = "POST /uploads: records a photo and returns a presigned POST for the original."
      timeout      = 29
      memory_size  = 256
      sqs_consumer = null
    }
    "photos-api" = {
      description  = "GET /photos, GET and DELETE /photos/{id}, GET /batches/{id}: lists, shows and deletes the caller's photos."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    # A page reads at most 10 queries; an export reads the owner's receipts in 1 MB queries and
    # holds at most EXPORT_MAX_ROWS (10 000) of them.
    "receipts-api" = {
      description  = "GET /receipts, GET /receipts/export: lists the caller's receipts and exports a date range as CSV."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    "thumbnail" = {
      description = "Consumes S3 upload events from the uploads queue and renders WebP thumbnails."
      timeout     = 30
      memory_size = var.thumbnail_memory_size
      sqs_consumer = {
        queue                              = "uploads"
        batch_size                         = var.thumbnail_batch_size
        maximum_batching_window_in_seconds = var.thumbnail_maximum_batching_window_seconds
        maximum_concurrency                = var.thumbnail_maximum_concurrency
      }
    }
    "event-ingest" = {
      description = "Consumes client events from the ingest queue into the ingest-events table."
      timeout     = 10
      memory_size = 256
      sqs_consumer = {
        queue                              = "ingest"
        batch_size                         = var.event_ingest_batch_size
        maximum_batching_window_in_seconds = var.event_ingest_maximum_batching_window_seconds
        maximum_concurrency                = var.event_ingest_maximum_concurrency
      }
    }
    "receipt-starter" = {
      description = "Consumes photo.processed receipt events from the receipt-starter queue and starts the receipt workflow, once per photo."
      timeout     = 10
      memory_size = 256
      sqs_consumer = {
        queue                              = "receipt-starter"
        batch_size                         = 10
        maximum_batching_window_in_seconds = 1
        maximum_concurrency                = var.receipt_starter_maximum_concurrency
      }
    }
    "receipt-validate" = {
      description  = "Receipt workflow task: validates a receipt and computes its duplicate keys."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    "receipt-transform" = {
      description  = "Receipt workflow task: normalises a valid receipt (merchant, date, amount, currency)."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    # Human review (issue 15): the workflow's AwaitReview task, and the API that answers it.
    "review-request" = {
      description  = "Receipt workflow task (waitForTaskToken): records a pending review with its task token and tells the owner."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    "reviews-api" = {
      description  = "GET /reviews, GET /reviews/{id}, POST /reviews/{id}: the owner's pending reviews, and their decisions handed back to the workflow."
      timeout      = 10
      memory_size  = 256
      sqs_consumer = null
    }
    # Streams a zip from S3 one entry at a time; a timeout resumes from the batch's cursor. One
    # archive per invocation: an archive is minutes of work, not a batch item.
    "archive-fanout" = {
      description = "Consumes archive uploads from the archives queue and writes each image of the zip as its own upload."
      timeout     = 300
      memory_size = 1024
      sqs_consumer = {
        queue                              = "archives"
        batch_size                         = 1
        maximum_batching_window_in_seconds = 0
        maximum_concurrency                = var.archive_fanout_maximum_concurrency
      }
    }
    # Timeout > 2 x DB_STATEMENT_TIMEOUT_MS + DB_CONNECT_TIMEOUT_MS: a slow batch is cancelled by
    # the server and answered as retryable before Lambda kills the invocation. maximum_concurrency
    # bounds the database connections delivery opens.
    "receipt-delivery" = {
      description = "Consumes stored receipts from the receipt-delivery queue into the on-premise PostgreSQL database."
      timeout     = 30
      memory_size = 256
      sqs_consumer = {
        queue      = "receipt-delivery"
        batch_size = var.delivery_batch_size
        # A FIFO event source takes no batching window (Lambda refuses one).
        maximum_batching_window_in_seconds = var.delivery_queue_fifo ? 0 : 1
        maximum_concurrency                = var.delivery_max_concurrency
      }
    }
  }

  # Each function's environment as it runs: the common settings, its bindings, and its name.
  function_environment = {
    for name in keys(local.functions) : name => merge(
      { POWERTOOLS_LOG_LEVEL = var.log_level },
      local.function_bindings[name].environment,
      { POWERTOOLS_SERVICE_NAME = name },
    )
  }

  # Code artifacts from the manifest; fallbacks only keep a bad manifest from hiding the
  # "run make build" message behind unrelated errors.
  function_artifacts = {
    for name in keys(local.functions) : name => {
      # As given (relative to the working directory unless artifacts_manifest is absolute), not
      # abspath(): the path is stored in the state, and a machine-specific one would show as a
      # change on every other machine or pipeline runner.
      filename         = "${local.artifacts_dir}/${try(local.manifest.functions[name].file, "${name}.zip")}"
      handler          = try(local.manifest.functions[name].handler, "index.handler")
      runtime          = try(local.manifest.functions[name].runtime, local.manifest.runtime, "nodejs22.x")
      architecture     = try(local.manifest.functions[name].architecture, local.manifest.architecture, "x86_64")
      source_code_hash = try(local.manifest.functions[name].sha256, "")
    }
  }

  # Queues and who consumes them: the consumer's timeout sets the visibility timeout.
  # message_retention_seconds: 4 days (the SQS default) unless a consumer may be down for long.
  queues = {
    uploads = {
      consumer                  = "thumbnail"
      max_receive_count         = var.max_receive_count
      message_retention_seconds = 345600
    }
    # S3 events for zip archives of receipts, one archive per message.
    archives = {
      consumer                  = "archive-fanout"
      max_receive_count         = var.max_receive_count
      message_retention_seconds = 345600
    }
    ingest = {
      consumer                  = "event-ingest"
      max_receive_count         = var.max_receive_count
      message_retention_seconds = 345600
    }
    # photo.processed receipt events from the events topic (see local.topic_subscriptions).
    receipt-starter = {
      consumer                  = "receipt-starter"
      max_receive_count         = var.max_receive_count
      message_retention_seconds = 345600
    }
    # Stored receipts for the on-premise database, which may be down for hours: the function
    # backs off exponentially per message, so many receives and the longest retention.
    receipt-delivery = {
      consumer                  = "receipt-delivery"
      max_receive_count         = var.delivery_max_receive_count
      message_retention_seconds = 1209600
    }
  }

  # Topic -> queue subscriptions, keyed by the subscribing queue (each queue gets one policy that
  # lets SNS deliver). The filter keeps everything but receipts away from the workflow starter.
  topic_subscriptions = {
    "receipt-starter" = {
      topic                = "events"
      queue                = "receipt-starter"
      raw_message_delivery = true
      filter_policy_scope  = "MessageAttributes"
      filter_policy = {
        eventType = ["photo.processed"]
        kind      = ["receipt"]
      }
    }
  }

  # SQS event source mappings, from the functions' sqs_consumer settings. One source of truth:
  # the mappings and runtime_config both read it, so the local runtime polls with the same
  # settings even when the mappings are not created. Every consumer reports partial batch
  # failures. delivery_mode = "pull": the on-premises agent (packages/delivery-agent) long-polls
  # the delivery queue, so no Lambda consumes it (the function stays, idle, for a switch back).
  sqs_consumers = {
    for name, function in local.functions : name => merge(function.sqs_consumer, {
      function_response_types = ["ReportBatchItemFailures"]
    })
    if function.sqs_consumer != null && !(name == "receipt-delivery" && var.delivery_mode == "pull")
  }

  # Every HTTP route, in one place. All of them require a JWT.
  http_routes = {
    "POST /uploads"       = { type = "lambda", function = "uploads-api" }
    "GET /photos"         = { type = "lambda", function = "photos-api" }
    "GET /photos/{id}"    = { type = "lambda", function = "photos-api" }
    "DELETE /photos/{id}" = { type = "lambda", function = "photos-api" }
    "GET /batches/{id}"   = { type = "lambda", function = "photos-api" }
    "POST /events"        = { type = "sqs", queue = "ingest" }

    # The caller's receipts: a page as JSON, or a date range as a CSV download.
    "GET /receipts"        = { type = "lambda", function = "receipts-api" }
    "GET /receipts/export" = { type = "lambda", function = "receipts-api" }

    # The caller's receipts waiting for their decision (issue 15).
    "GET /reviews"       = { type = "lambda", function = "reviews-api" }
    "GET /reviews/{id}"  = { type = "lambda", function = "reviews-api" }
    "POST /reviews/{id}" = { type = "lambda", function = "reviews-api" }
  }

  # Message attributes the SQS routes attach: the caller's identity, taken from the verified JWT
  # (HTTP API parameter-mapping syntax; $${ escapes Terraform interpolation).
  http_sqs_message_attributes = {
    ownerSub = "$${context.authorizer.claims.sub}"
  }
}
