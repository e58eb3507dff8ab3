# Wiring of the root configuration, offline against the mocked provider.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
  jwt_issuer         = "https://auth.example.com/"
  jwt_audience       = ["shoebox-web"]
}

# Distinct ARNs where a test must tell one queue or function from another (the workflow task
# functions' are in tests/mocks).
override_resource {
  target = module.queue["uploads"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-uploads" }
}

override_resource {
  target = module.queue["uploads"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-uploads-dlq" }
}

override_resource {
  target = module.queue["archives"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-archives" }
}

override_resource {
  target = module.queue["archives"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-archives-dlq" }
}

override_resource {
  target = module.queue["ingest"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-ingest" }
}

override_resource {
  target = module.queue["ingest"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-ingest-dlq" }
}

override_resource {
  target = module.function["thumbnail"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-thumbnail" }
}

override_resource {
  target = module.function["event-ingest"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-event-ingest" }
}

override_resource {
  target = module.queue["receipt-starter"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-starter" }
}

override_resource {
  target = module.queue["receipt-starter"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-starter-dlq" }
}

override_resource {
  target = module.queue["receipt-delivery"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-delivery" }
}

override_resource {
  target = module.queue["receipt-delivery"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-delivery-dlq" }
}

override_resource {
  target = module.function["receipt-starter"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-starter" }
}

override_resource {
  target = module.function["receipt-delivery"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-delivery" }
}

override_resource {
  target = module.topic["events"].aws_sns_topic.this
  values = { arn = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events" }
}

run "uploads_bucket_notifies_each_prefix_to_its_own_queue" {
  assert {
    condition     = length(aws_s3_bucket_notification.uploads.queue) == 2
    error_message = "The uploads bucket must notify exactly two queues: uploads and archives."
  }

  assert {
    condition = { for queue in aws_s3_bucket_notification.uploads.queue : queue.filter_prefix => queue.queue_arn } == {
      "uploads/"  = module.queue["uploads"].arn
      "archives/" = module.queue["archives"].arn
    }
    error_message = "uploads/ must go to the uploads queue and archives/ to the archives queue."
  }

  assert {
    condition     = alltrue([for queue in aws_s3_bucket_notification.uploads.queue : toset(queue.events) == toset(["s3:ObjectCreated:*"])])
    error_message = "Only s3:ObjectCreated:* is announced."
  }

  assert {
    condition     = aws_s3_bucket_notification.uploads.bucket == module.bucket["uploads"].name
    error_message = "The notification must be on the uploads bucket."
  }
}

run "queues_redrive_to_their_own_dlq_after_max_receive_count" {
  variables {
    max_receive_count          = 3
    delivery_max_receive_count = 40
  }

  assert {
    condition = alltrue([for name, queue in output.runtime_config.queues :
      queue.max_receive_count == (name == "receipt-delivery" ? 40 : 3) && queue.dlq_arn == "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-${name}-dlq"
    ])
    error_message = "Every queue must redrive to its own DLQ after max_receive_count receives."
  }
}

run "visibility_timeout_is_six_times_the_consumer_timeout" {
  assert {
    condition     = output.runtime_config.queues.uploads.visibility_timeout_seconds >= 6 * output.runtime_config.functions.thumbnail.timeout
    error_message = "The uploads queue visibility timeout must be at least 6x the thumbnail timeout."
  }

  assert {
    condition     = output.runtime_config.queues.ingest.visibility_timeout_seconds >= 6 * output.runtime_config.functions["event-ingest"].timeout
    error_message = "The ingest queue visibility timeout must be at least 6x the event-ingest timeout."
  }

  assert {
    condition     = output.runtime_config.functions.thumbnail.timeout == 30 && output.runtime_config.functions.thumbnail.memory_size == 1024
    error_message = "thumbnail runs with a 30 s timeout and 1024 MB by default."
  }
}

run "event_source_mappings_use_partial_batch_responses_and_bounded_concurrency" {
  variables {
    thumbnail_batch_size             = 5
    thumbnail_maximum_concurrency    = 4
    event_ingest_maximum_concurrency = 3
  }

  assert {
    condition     = toset(keys(aws_lambda_event_source_mapping.sqs)) == toset(["thumbnail", "archive-fanout", "event-ingest", "receipt-starter", "receipt-delivery"])
    error_message = "Every SQS consumer needs an event source mapping."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["thumbnail"].event_source_arn == module.queue["uploads"].arn &&
      aws_lambda_event_source_mapping.sqs["thumbnail"].function_name == module.function["thumbnail"].arn &&
      aws_lambda_event_source_mapping.sqs["thumbnail"].batch_size == 5 &&
      aws_lambda_event_source_mapping.sqs["thumbnail"].maximum_batching_window_in_seconds == 1 &&
      aws_lambda_event_source_mapping.sqs["thumbnail"].scaling_config[0].maximum_concurrency == 4
    )
    error_message = "thumbnail must consume the uploads queue with the configured batch settings."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["event-ingest"].event_source_arn == module.queue["ingest"].arn &&
      aws_lambda_event_source_mapping.sqs["event-ingest"].function_name == module.function["event-ingest"].arn &&
      aws_lambda_event_source_mapping.sqs["event-ingest"].batch_size == 10 &&
      aws_lambda_event_source_mapping.sqs["event-ingest"].scaling_config[0].maximum_concurrency == 3
    )
    error_message = "event-ingest must consume the ingest queue with the configured batch settings."
  }

  assert {
    condition     = alltrue([for mapping in aws_lambda_event_source_mapping.sqs : toset(mapping.function_response_types) == toset(["ReportBatchItemFailures"])])
    error_message = "Every SQS mapping must report partial batch failures."
  }

  assert {
    condition     = output.runtime_config.event_source_mappings.thumbnail.batch_size == 5 && output.runtime_config.event_source_mappings.thumbnail.maximum_concurrency == 4
    error_message = "runtime_config must carry the same ESM settings as the mappings."
  }
}

run "runtime_config_describes_the_event_source_mappings" {
  assert {
    condition = (
      output.runtime_config.event_source_mappings.thumbnail.queue_url == module.queue["uploads"].url &&
      output.runtime_config.event_source_mappings.thumbnail.batch_size == 10 &&
      output.runtime_config.event_source_mappings["event-ingest"].queue_arn == module.queue["ingest"].arn &&
      toset(output.runtime_config.event_source_mappings["event-ingest"].function_response_types) == toset(["ReportBatchItemFailures"])
    )
    error_message = "runtime_config must still describe the mappings the local runtime emulates."
  }

  assert {
    condition     = length(module.function) == 13 && length(module.queue) == 5 && length(aws_sns_topic_subscription.queue) == 1
    error_message = "Everything except the mappings and the state machine is still created."
  }
}

run "functions_run_the_manifest_artifacts" {
  assert {
    condition     = one(module.function["thumbnail"].architectures) == "arm64" && one(module.function["uploads-api"].architectures) == "x86_64" && output.runtime_config.functions.thumbnail.architecture == "arm64"
    error_message = "thumbnail must use the architecture from the manifest (arm64 for thumbnail, x86_64 for uploads-api in the fixture)."
  }

  assert {
    condition     = alltrue([for name, fn in output.runtime_config.functions : fn.file == abspath("tests/fixtures/${name}.zip") && fn.handler == "index.handler"])
    error_message = "Zip paths are resolved relative to the manifest's folder."
  }

  assert {
    condition = alltrue([for name, fn in output.runtime_config.functions :
      fn.environment.POWERTOOLS_SERVICE_NAME == name && fn.environment.POWERTOOLS_LOG_LEVEL == "INFO"
    ])
    error_message = "Every function gets the common Powertools environment (no NODE_OPTIONS: source maps ship beside the zip, scripts/symbolicate.mjs reads them)."
  }

  assert {
    condition = (
      output.runtime_config.functions["uploads-api"].environment.UPLOAD_URL_TTL_SECONDS == "300" &&
      output.runtime_config.functions["uploads-api"].environment.MAX_UPLOAD_BYTES == "26214400" &&
      output.runtime_config.functions.thumbnail.environment.THUMBNAIL_SIZES == "small:160,medium:640" &&
      output.runtime_config.functions.thumbnail.environment.MAX_INPUT_PIXELS == "50000000" &&
      # One upload size limit: the presigned POST's and the thumbnail function's.
      output.runtime_config.functions.thumbnail.environment.MAX_INPUT_BYTES == output.runtime_config.functions["uploads-api"].environment.MAX_UPLOAD_BYTES &&
      output.runtime_config.functions.thumbnail.environment.MAX_DECODE_BYTES == tostring(384 * 1048576) &&
      output.runtime_config.functions.thumbnail.environment.MAX_RECEIVES == "5" &&
      output.runtime_config.functions.thumbnail.environment.EVENTS_TOPIC_ARN == output.runtime_config.topics.events &&
      output.runtime_config.functions["event-ingest"].environment.INGEST_EVENTS_TABLE == output.runtime_config.tables.ingest_events
    )
    error_message = "Function environments must carry the documented values."
  }
}

run "http_routes_in_runtime_config" {
  assert {
    condition     = toset(keys(output.runtime_config.http_api.routes)) == toset(["POST /uploads", "GET /photos", "GET /photos/{id}", "DELETE /photos/{id}", "GET /batches/{id}", "GET /receipts", "GET /receipts/export", "GET /reviews", "GET /reviews/{id}", "POST /reviews/{id}", "POST /events"])
    error_message = "runtime_config lists every route."
  }

  assert {
    condition = (
      output.runtime_config.http_api.routes["POST /events"].type == "sqs" &&
      output.runtime_config.http_api.routes["POST /events"].queue_url == module.queue["ingest"].url &&
      output.runtime_config.http_api.routes["POST /events"].message_attributes.ownerSub.StringValue == "$${context.authorizer.claims.sub}" &&
      output.runtime_config.http_api.routes["GET /photos/{id}"].function == "photos-api"
    )
    error_message = "Routes carry their target function or queue and the caller attribute."
  }

  assert {
    condition     = module.http_api.route_ids != null && length(module.http_api.route_ids) == 11
    error_message = "The HTTP API module creates one route per entry of local.http_routes."
  }
}

run "alarms_watch_every_dlq_and_function" {
  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
  }

  assert {
    condition = (
      toset(keys(module.alarms.dlq_alarm_arns)) == toset(["uploads", "archives", "ingest", "receipt-starter", "receipt-delivery"]) &&
      toset(keys(module.alarms.function_error_alarm_arns)) == toset(keys(output.runtime_config.functions))
    )
    error_message = "Every DLQ and every function needs an alarm."
  }

  assert {
    condition     = toset(keys(module.alarms.queue_age_alarm_arns)) == toset(["receipt-delivery"])
    error_message = "A database outage (receipt-delivery's oldest message older than 900 s) needs its own alarm."
  }

  assert {
    condition     = toset(keys(module.alarms.state_machine_alarm_arns)) == toset(["receipt-workflow/ExecutionsFailed", "receipt-workflow/ExecutionsTimedOut"])
    error_message = "Failed and timed-out receipt workflow executions need alarms."
  }
}

run "new_tables_have_their_keys_and_reach_runtime_config" {
  assert {
    condition = (
      output.runtime_config.tables.batches == "shoebox-test-batches" &&
      output.runtime_config.tables.receipts == "shoebox-test-receipts" &&
      output.runtime_config.tables.profiles == "shoebox-test-profiles" &&
      output.runtime_config.tables.photos == "shoebox-test-photos" &&
      output.runtime_config.tables.ingest_events == "shoebox-test-ingest-events"
    )
    error_message = "runtime_config.tables names every table (ingest-events as ingest_events)."
  }

  assert {
    condition = (
      local.tables.batches.hash_key == "ownerId" && local.tables.batches.range_key == "batchId" &&
      local.tables.batches.attributes == { ownerId = "S", batchId = "S" } &&
      alltrue([for name in ["receipts", "profiles"] :
        local.tables[name].hash_key == "ownerId" && local.tables[name].range_key == "sk" &&
        local.tables[name].attributes == { ownerId = "S", sk = "S" } && local.tables[name].ttl_attribute == null
      ])
    )
    error_message = "batches is ownerId/batchId; receipts and profiles are ownerId/sk without TTL."
  }

  assert {
    condition = alltrue([for name in ["uploads-api", "photos-api", "thumbnail"] :
      output.runtime_config.functions[name].environment.BATCHES_TABLE == "shoebox-test-batches"
    ])
    error_message = "uploads-api, photos-api and thumbnail get BATCHES_TABLE."
  }
}

run "user_limits_count_in_their_own_table_and_reach_both_api_functions" {
  assert {
    condition = (
      local.tables.limits.hash_key == "ownerId" && local.tables.limits.range_key == "window" &&
      local.tables.limits.attributes == { ownerId = "S", window = "S" } &&
      local.tables.limits.ttl_attribute == "expiresAt" &&
      output.runtime_config.tables.limits == "shoebox-test-limits"
    )
    error_message = "limits is ownerId/window with TTL on expiresAt (old windows expire) and reaches runtime_config."
  }

  assert {
    condition = (
      output.runtime_config.functions["uploads-api"].environment.LIMITS_TABLE == "shoebox-test-limits" &&
      output.runtime_config.functions["uploads-api"].environment.USER_REQUESTS_PER_SECOND == "10" &&
      output.runtime_config.functions["uploads-api"].environment.USER_REQUEST_BURST == "20" &&
      output.runtime_config.functions["uploads-api"].environment.USER_FILES_PER_DAY == "5000" &&
      output.runtime_config.functions["uploads-api"].environment.USER_BYTES_PER_DAY == "10737418240"
    )
    error_message = "uploads-api gets the limits table, the request limit and the daily upload limits (defaults: 10/s, burst 20, 5000 files, 10 GiB)."
  }

  assert {
    condition = (
      output.runtime_config.functions["photos-api"].environment.LIMITS_TABLE == "shoebox-test-limits" &&
      output.runtime_config.functions["photos-api"].environment.USER_REQUESTS_PER_SECOND == "10" &&
      output.runtime_config.functions["photos-api"].environment.USER_REQUEST_BURST == "20" &&
      !contains(keys(output.runtime_config.functions["photos-api"].environment), "USER_FILES_PER_DAY")
    )
    error_message = "photos-api gets the same request limit as uploads-api, and no upload limits."
  }
}

run "user_limits_follow_their_variables" {
  variables {
    user_files_per_day       = 0
    user_bytes_per_day       = 0
    user_requests_per_second = 3
    user_request_burst       = 9
  }

  assert {
    condition = (
      output.runtime_config.functions["uploads-api"].environment.USER_FILES_PER_DAY == "0" &&
      output.runtime_config.functions["uploads-api"].environment.USER_BYTES_PER_DAY == "0" &&
      alltrue([for name in ["uploads-api", "photos-api"] :
        output.runtime_config.functions[name].environment.USER_REQUESTS_PER_SECOND == "3" &&
        output.runtime_config.functions[name].environment.USER_REQUEST_BURST == "9"
      ])
    )
    error_message = "The user_* variables reach the functions as they are (0: no limit)."
  }
}

run "get_batch_route_reaches_photos_api" {
  assert {
    condition = (
      output.runtime_config.http_api.routes["GET /batches/{id}"].type == "lambda" &&
      output.runtime_config.http_api.routes["GET /batches/{id}"].function == "photos-api" &&
      contains(keys(module.http_api.route_ids), "GET /batches/{id}")
    )
    error_message = "GET /batches/{id} is a (JWT-protected, like every route of the module) photos-api route."
  }
}

run "delete_photo_route_reaches_photos_api_with_the_originals_the_sizes_and_the_workflow" {
  assert {
    condition = (
      output.runtime_config.http_api.routes["DELETE /photos/{id}"].type == "lambda" &&
      output.runtime_config.http_api.routes["DELETE /photos/{id}"].function == "photos-api" &&
      contains(keys(module.http_api.route_ids), "DELETE /photos/{id}") &&
      output.runtime_config.functions["photos-api"].environment.UPLOADS_BUCKET == module.bucket["uploads"].name &&
      output.runtime_config.functions["photos-api"].environment.THUMBNAIL_SIZES == output.runtime_config.functions["thumbnail"].environment.THUMBNAIL_SIZES &&
      output.runtime_config.functions["photos-api"].environment.RECEIPT_WORKFLOW_ARN == output.runtime_config.functions["receipt-starter"].environment.RECEIPT_WORKFLOW_ARN
    )
    error_message = "DELETE /photos/{id} is a photos-api route, and photos-api knows the originals' bucket, the thumbnail function's sizes and the receipt workflow receipt-starter starts."
  }
}

run "receipt_routes_reach_receipts_api_with_its_table_and_request_limit" {
  assert {
    condition = alltrue([for route in ["GET /receipts", "GET /receipts/export"] :
      output.runtime_config.http_api.routes[route].type == "lambda" &&
      output.runtime_config.http_api.routes[route].function == "receipts-api" &&
      contains(keys(module.http_api.route_ids), route)
    ])
    error_message = "GET /receipts and GET /receipts/export are (JWT-protected, like every route of the module) receipts-api routes."
  }

  assert {
    condition = (
      output.runtime_config.functions["receipts-api"].environment.RECEIPTS_TABLE == "shoebox-test-receipts" &&
      output.runtime_config.functions["receipts-api"].environment.LIMITS_TABLE == "shoebox-test-limits" &&
      output.runtime_config.functions["receipts-api"].environment.USER_REQUESTS_PER_SECOND == "10" &&
      output.runtime_config.functions["receipts-api"].environment.USER_REQUEST_BURST == "20" &&
      !contains(keys(output.runtime_config.functions["receipts-api"].environment), "USER_FILES_PER_DAY")
    )
    error_message = "receipts-api gets the receipts table and the same request limit as the other API functions, and no upload limits."
  }

  assert {
    condition = (
      output.runtime_config.functions["receipts-api"].timeout == 10 &&
      output.runtime_config.functions["receipts-api"].memory_size == 256
    )
    error_message = "receipts-api runs like photos-api: 10 s, 256 MB."
  }
}

run "receipt_functions_run_with_their_settings" {
  assert {
    condition = (
      output.runtime_config.functions["receipt-starter"].environment.RECEIPT_WORKFLOW_ARN == "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" &&
      output.runtime_config.functions["receipt-starter"].environment.PHOTOS_TABLE == "shoebox-test-photos" &&
      output.runtime_config.functions["receipt-starter"].timeout == 10
    )
    error_message = "receipt-starter starts the receipt workflow by its ARN and reads the photos table."
  }

  assert {
    condition = alltrue([for name in ["receipt-validate", "receipt-transform"] :
      output.runtime_config.functions[name].timeout == 10 && output.runtime_config.functions[name].memory_size == 256
    ])
    error_message = "receipt-validate and receipt-transform run with 10 s and 256 MB."
  }

  assert {
    condition = (
      toset(keys(output.runtime_config.functions["receipt-transform"].environment)) == toset(["POWERTOOLS_LOG_LEVEL", "POWERTOOLS_SERVICE_NAME"]) &&
      output.runtime_config.functions["receipt-validate"].environment.REVIEWS_ENABLED == "true" &&
      output.runtime_config.functions["receipt-validate"].environment.REVIEW_MIN_CONFIDENCE == "0.8" &&
      output.runtime_config.functions["receipt-validate"].environment.REVIEW_TOTAL_LIMITS == "{}"
    )
    error_message = "receipt-transform gets only the common environment; receipt-validate the review thresholds."
  }

  assert {
    condition = (
      output.runtime_config.functions["receipt-delivery"].environment.DATABASE_SECRET_ARN == module.delivery_database_secret.arn &&
      output.runtime_config.functions["receipt-delivery"].environment.DATABASE_SECRET_MAX_AGE_SECONDS == "300" &&
      output.runtime_config.functions["receipt-delivery"].environment.DB_STATEMENT_TIMEOUT_MS == "10000" &&
      output.runtime_config.functions["receipt-delivery"].environment.DB_CONNECT_TIMEOUT_MS == "5000" &&
      output.runtime_config.functions["receipt-delivery"].environment.RETRY_BASE_DELAY_SECONDS == "30" &&
      output.runtime_config.functions["receipt-delivery"].environment.RETRY_MAX_DELAY_SECONDS == "900"
    )
    error_message = "receipt-delivery gets its database and retry settings."
  }

  assert {
    condition = (
      output.runtime_config.functions["receipt-delivery"].timeout * 1000 >
      2 * tonumber(output.runtime_config.functions["receipt-delivery"].environment.DB_STATEMENT_TIMEOUT_MS) + tonumber(output.runtime_config.functions["receipt-delivery"].environment.DB_CONNECT_TIMEOUT_MS)
    )
    error_message = "receipt-delivery's timeout must exceed 2 x statement timeout + connect timeout."
  }

  assert {
    condition = (
      output.runtime_config.queues["receipt-starter"].visibility_timeout_seconds >= 6 * output.runtime_config.functions["receipt-starter"].timeout &&
      output.runtime_config.queues["receipt-delivery"].visibility_timeout_seconds >= 6 * output.runtime_config.functions["receipt-delivery"].timeout
    )
    error_message = "The receipt queues' visibility timeouts must be at least 6x their consumers' timeouts."
  }
}

run "database_url_lives_in_an_encrypted_secret_not_in_the_environment" {
  assert {
    condition = (
      module.delivery_database_secret.name == "shoebox-test/delivery-database-url" &&
      output.delivery_database_secret_arn == module.delivery_database_secret.arn
    )
    error_message = "The delivery database URL has its own secret (the secret module encrypts it with the project key: modules.tftest.hcl)."
  }

  assert {
    condition     = !module.delivery_database_secret.has_initial_value
    error_message = "Without delivery_database_url Terraform writes no secret value (the customer puts it, outside the state)."
  }

  assert {
    condition = alltrue([
      for name, function in output.runtime_config.functions :
      alltrue([for key, value in function.environment : !strcontains(lower(key), "database_url") && !startswith(value, "postgres")])
    ])
    error_message = "No function's environment carries a database URL."
  }
}

run "a_given_database_url_becomes_the_secret_value" {
  variables {
    delivery_database_url = "postgresql://shoebox:secret@db.example.com:5432/receipts"
  }

  assert {
    condition = (
      module.delivery_database_secret.has_initial_value
    )
    error_message = "delivery_database_url, when given, is written as the secret's value."
  }

  assert {
    condition     = output.runtime_config.functions["receipt-delivery"].environment.DATABASE_SECRET_ARN == module.delivery_database_secret.arn
    error_message = "receipt-delivery still gets only the secret's ARN."
  }
}

run "receipt_queues_and_their_event_source_mappings" {
  assert {
    condition = (
      output.runtime_config.queues["receipt-delivery"].max_receive_count == 50 &&
      module.queue["receipt-delivery"].message_retention_seconds == 1209600 &&
      output.runtime_config.queues["receipt-starter"].max_receive_count == 5
    )
    error_message = "receipt-delivery keeps messages 14 days and moves them to its DLQ after 50 receives (about 11 h of outage)."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].event_source_arn == module.queue["receipt-delivery"].arn &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].function_name == module.function["receipt-delivery"].arn &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].batch_size == 10 &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].maximum_batching_window_in_seconds == 1 &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].scaling_config[0].maximum_concurrency == 2 &&
      toset(aws_lambda_event_source_mapping.sqs["receipt-delivery"].function_response_types) == toset(["ReportBatchItemFailures"])
    )
    error_message = "receipt-delivery consumes its queue in batches of 10 with at most 2 concurrent invocations by default."
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["receipt-starter"].event_source_arn == module.queue["receipt-starter"].arn &&
      aws_lambda_event_source_mapping.sqs["receipt-starter"].function_name == module.function["receipt-starter"].arn &&
      aws_lambda_event_source_mapping.sqs["receipt-starter"].batch_size == 10 &&
      aws_lambda_event_source_mapping.sqs["receipt-starter"].maximum_batching_window_in_seconds == 1 &&
      aws_lambda_event_source_mapping.sqs["receipt-starter"].scaling_config[0].maximum_concurrency == 5 &&
      toset(aws_lambda_event_source_mapping.sqs["receipt-starter"].function_response_types) == toset(["ReportBatchItemFailures"])
    )
    error_message = "receipt-starter consumes its queue in batches of 10 with at most 5 concurrent invocations by default."
  }
}

run "receipt_delivery_settings_follow_their_variables" {
  variables {
    delivery_batch_size        = 25
    delivery_max_concurrency   = 3
    delivery_max_receive_count = 20

    receipt_starter_maximum_concurrency = 7
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].batch_size == 25 &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].scaling_config[0].maximum_concurrency == 3 &&
      output.runtime_config.queues["receipt-delivery"].max_receive_count == 20 &&
      aws_lambda_event_source_mapping.sqs["receipt-starter"].scaling_config[0].maximum_concurrency == 7
    )
    error_message = "Delivery batch size, concurrency and maxReceiveCount and the starter's concurrency come from their variables."
  }
}

run "events_topic_delivers_processed_receipts_to_the_starter_queue" {
  assert {
    condition = (
      aws_sns_topic_subscription.queue["receipt-starter"].topic_arn == module.topic["events"].arn &&
      aws_sns_topic_subscription.queue["receipt-starter"].protocol == "sqs" &&
      aws_sns_topic_subscription.queue["receipt-starter"].endpoint == module.queue["receipt-starter"].arn &&
      aws_sns_topic_subscription.queue["receipt-starter"].raw_message_delivery
    )
    error_message = "The events topic must deliver raw messages to the receipt-starter queue."
  }

  assert {
    condition = (
      jsondecode(aws_sns_topic_subscription.queue["receipt-starter"].filter_policy) == { eventType = ["photo.processed"], kind = ["receipt"] } &&
      aws_sns_topic_subscription.queue["receipt-starter"].filter_policy_scope == "MessageAttributes"
    )
    error_message = "Only photo.processed events of receipts (message attributes) may reach the starter."
  }

  assert {
    condition     = aws_sqs_queue_policy.subscribed["receipt-starter"].queue_url == module.queue["receipt-starter"].url
    error_message = "The receipt-starter queue must have the policy that lets the topic send."
  }

  assert {
    condition = output.runtime_config.subscriptions == {
      "receipt-starter" = {
        topic_arn            = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events"
        queue_url            = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-starter"
        queue_arn            = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter"
        filter_policy        = { eventType = ["photo.processed"], kind = ["receipt"] }
        filter_policy_scope  = "MessageAttributes"
        raw_message_delivery = true
      }
    }
    error_message = "runtime_config.subscriptions describes the subscription with its decoded filter policy."
  }
}

run "receipt_workflow_deploys_the_rendered_asl_as_standard" {
  variables {
    receipt_workflow_map_max_concurrency = 7
  }

  assert {
    condition = module.receipt_workflow.definition == templatefile("${path.root}/../asl/receipt-workflow.asl.json", {
      extract_function_arn   = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract"
      validate_function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate"
      transform_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform"
      receipts_table         = "shoebox-test-receipts"
      profiles_table         = "shoebox-test-profiles"
      batches_table          = "shoebox-test-batches"
      events_topic_arn       = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events"
      delivery_queue_url     = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-delivery"
      map_max_concurrency    = "7"
      partition              = "aws"
      # The review defaults (variables.tf).
      review_request_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request"
      review_remind_after_seconds = "86400"
      review_deadline_seconds     = "259200"
      review_max_seconds          = "1209600"
      review_on_deadline          = "escalate"
    })
    error_message = "The deployed definition must be the ASL file rendered with the stack's function ARNs, tables, topic, queue and map concurrency."
  }

  assert {
    # "[$][{]" means a literal "$" + "{": checkov's HCL parser hangs on an unclosed "$${" string.
    condition     = !can(regex("[$][{]", module.receipt_workflow.definition)) && can(jsondecode(module.receipt_workflow.definition).States)
    error_message = "The deployed definition must be JSON with no placeholder left."
  }

  assert {
    condition     = strcontains(module.receipt_workflow.definition, "States.StringToJson('7')")
    error_message = "map_max_concurrency reaches the definition as a string of digits."
  }

  assert {
    condition = (
      module.receipt_workflow.type == "STANDARD" &&
      module.receipt_workflow.name == "shoebox-test-receipt-workflow" &&
      module.receipt_workflow.arn == output.runtime_config.state_machines["receipt-workflow"].arn &&
      module.receipt_workflow.log_group_name == "/aws/vendedlogs/states/shoebox-test-receipt-workflow"
    )
    error_message = "The receipt workflow is a STANDARD state machine logging to /aws/vendedlogs/states/<name>."
  }

  assert {
    condition = output.runtime_config.state_machines["receipt-workflow"].lambda_functions == {
      "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract"   = "receipt-extract"
      "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate"  = "receipt-validate"
      "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform" = "receipt-transform"
      "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request"    = "review-request"
    }
    error_message = "runtime_config maps each task function ARN to its function key."
  }

  assert {
    condition     = output.runtime_config.state_machines["receipt-workflow"].definition == module.receipt_workflow.definition
    error_message = "The local runtime runs the same definition as AWS."
  }
}

run "runtime_config_carries_the_workflow_definition_and_its_computed_arn" {
  assert {
    condition = (
      output.runtime_config.state_machines["receipt-workflow"].arn == "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" &&
      output.runtime_config.state_machines["receipt-workflow"].name == "shoebox-test-receipt-workflow" &&
      output.runtime_config.functions["receipt-starter"].environment.RECEIPT_WORKFLOW_ARN == output.runtime_config.state_machines["receipt-workflow"].arn
    )
    error_message = "runtime_config and receipt-starter carry the computed, well-formed ARN."
  }

  assert {
    condition = output.runtime_config.state_machines["receipt-workflow"].definition == templatefile("${path.root}/../asl/receipt-workflow.asl.json", {
      extract_function_arn   = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract"
      validate_function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate"
      transform_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform"
      receipts_table         = "shoebox-test-receipts"
      profiles_table         = "shoebox-test-profiles"
      batches_table          = "shoebox-test-batches"
      events_topic_arn       = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events"
      delivery_queue_url     = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-receipt-delivery"
      map_max_concurrency    = "10"
      partition              = "aws"
      # The review defaults (variables.tf).
      review_request_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request"
      review_remind_after_seconds = "86400"
      review_deadline_seconds     = "259200"
      review_max_seconds          = "1209600"
      review_on_deadline          = "escalate"
    }) && !can(regex("[$][{]", output.runtime_config.state_machines["receipt-workflow"].definition))
    error_message = "runtime_config carries the rendered definition for the local runtime."
  }

  assert {
    condition = (
      output.runtime_config.event_source_mappings["receipt-delivery"].queue_url == module.queue["receipt-delivery"].url &&
      output.runtime_config.event_source_mappings["receipt-delivery"].maximum_concurrency == 2 &&
      output.runtime_config.event_source_mappings["receipt-delivery"].batch_size == 10 &&
      output.runtime_config.event_source_mappings["receipt-starter"].queue_arn == module.queue["receipt-starter"].arn &&
      output.runtime_config.event_source_mappings["receipt-starter"].maximum_concurrency == 5 &&
      toset(output.runtime_config.event_source_mappings["receipt-starter"].function_response_types) == toset(["ReportBatchItemFailures"])
    )
    error_message = "runtime_config still carries the receipt consumers' ESM settings."
  }
}

run "database_secret_value_is_the_json_receipt_delivery_reads" {
  variables {
    delivery_database_url            = "postgresql://shoebox:secret@db.example.com:5432/receipts"
    delivery_database_ca_certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
  }

  # Exactly the keys of DatabaseSecretSchema (packages/schemas), a strict object.
  assert {
    condition = nonsensitive(jsondecode(local.delivery_database_secret_value)) == {
      url           = "postgresql://shoebox:secret@db.example.com:5432/receipts"
      caCertificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
    }
    error_message = "The secret's first value is JSON {url, caCertificate}."
  }

  assert {
    condition     = module.delivery_database_secret.has_initial_value
    error_message = "With delivery_database_url Terraform writes the secret's first value."
  }
}

run "database_secret_without_a_ca_has_only_the_url" {
  variables {
    delivery_database_url = "postgres://shoebox:secret@db.example.com:5432/receipts"
  }

  assert {
    condition     = nonsensitive(jsondecode(local.delivery_database_secret_value)) == { url = "postgres://shoebox:secret@db.example.com:5432/receipts" }
    error_message = "Without delivery_database_ca_certificate the JSON has no caCertificate key (a public CA signs the server's certificate)."
  }
}

run "secret_recovery_window_is_7_days_by_default" {
  assert {
    condition     = var.secret_recovery_window_in_days == 7
    error_message = "A deleted secret can be restored for 7 days by default."
  }
}

run "secret_recovery_window_follows_its_variable" {
  variables {
    secret_recovery_window_in_days = 30
  }

  assert {
    condition     = var.secret_recovery_window_in_days == 30
    error_message = "secret_recovery_window_in_days sets the secret's recovery window."
  }
}

run "pull_mode_leaves_receipt_delivery_to_the_agent" {
  variables {
    delivery_mode = "pull"
  }

  assert {
    condition     = toset(keys(aws_lambda_event_source_mapping.sqs)) == toset(["thumbnail", "archive-fanout", "event-ingest", "receipt-starter"])
    error_message = "With delivery_mode = \"pull\" the delivery queue has no event source mapping (the agent consumes it)."
  }

  assert {
    condition     = !contains(keys(output.runtime_config.event_source_mappings), "receipt-delivery")
    error_message = "The local runtime must not poll the delivery queue in pull mode either."
  }

  assert {
    condition     = contains(keys(module.function), "receipt-delivery") && contains(keys(output.runtime_config.queues), "receipt-delivery")
    error_message = "The queue stays, and so does the (idle) function, for a switch back to push."
  }
}

run "push_mode_maps_the_delivery_queue_to_receipt_delivery" {
  assert {
    condition     = contains(keys(aws_lambda_event_source_mapping.sqs), "receipt-delivery") && contains(keys(output.runtime_config.event_source_mappings), "receipt-delivery")
    error_message = "With delivery_mode = \"push\" (the default) receipt-delivery consumes the delivery queue."
  }
}

# Regional names carry <project>-<environment> (and a non-default workspace); account-global
# role names and globally unique bucket names also carry the region's short code.
run "names_cannot_collide_across_regions" {
  assert {
    condition = (
      local.name_prefix == "shoebox-test" &&
      local.global_name_prefix == "shoebox-test-euw1" &&
      module.function["thumbnail"].function_name == "shoebox-test-thumbnail" &&
      module.function["thumbnail"].role_name == "shoebox-test-euw1-thumbnail" &&
      aws_iam_role.api_gateway_sqs.name == "shoebox-test-euw1-api-sqs" &&
      local.bucket_names == { uploads = "shoebox-test-euw1-uploads-123456789012", thumbnails = "shoebox-test-euw1-thumbnails-123456789012" }
    )
    error_message = "Regional resources are named <project>-<environment>-...; roles and buckets also carry the region code (euw1)."
  }
}

run "region_codes_of_other_regions" {
  override_data {
    target = data.aws_region.current
    values = { name = "ap-southeast-2" }
  }

  assert {
    condition     = local.global_name_prefix == "shoebox-test-apse2" && local.bucket_names.uploads == "shoebox-test-apse2-uploads-123456789012"
    error_message = "ap-southeast-2 is apse2."
  }
}

run "arns_follow_the_partition" {
  override_data {
    target = data.aws_region.current
    values = { name = "us-gov-west-1" }
  }

  override_data {
    target = data.aws_partition.current
    values = { partition = "aws-us-gov", dns_suffix = "amazonaws.com" }
  }

  assert {
    condition     = local.global_name_prefix == "shoebox-test-usgw1"
    error_message = "us-gov-west-1 is usgw1."
  }

  assert {
    condition = (
      strcontains(local.receipt_workflow_definition, "\"arn:aws-us-gov:states:::lambda:invoke\"") &&
      !strcontains(local.receipt_workflow_definition, "\"arn:aws:states:") &&
      startswith(local.receipt_workflow_arn, "arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:")
    )
    error_message = "Service integration resources and computed ARNs carry the partition."
  }

  assert {
    condition     = !strcontains(data.aws_iam_policy_document.kms.json, "arn:aws:")
    error_message = "The key policy builds every ARN from the partition."
  }
}

# Every ARN is built from data.aws_partition: no configuration file or template spells out the
# commercial partition.
run "no_literal_commercial_partition_in_the_configuration" {
  command = plan

  assert {
    condition = alltrue([
      for file in concat(tolist(fileset(path.root, "**/*.tf")), ["../asl/receipt-workflow.asl.json"]) :
      !strcontains(file("${path.root}/${file}"), join(":", ["arn", "aws", ""]))
    ])
    error_message = "A .tf file or the ASL template spells out the commercial partition: build the ARN from data.aws_partition (local.partition)."
  }
}

# Human review (issue 15): its routes, its functions' settings, the workflow's review timings,
# email for people, and the alarm on reviews past their deadline.

run "review_routes_reach_reviews_api" {
  assert {
    condition = alltrue([for route in ["GET /reviews", "GET /reviews/{id}", "POST /reviews/{id}"] :
      output.runtime_config.http_api.routes[route].type == "lambda" &&
      output.runtime_config.http_api.routes[route].function == "reviews-api" &&
      contains(keys(module.http_api.route_ids), route)
    ])
    error_message = "The review routes are (JWT-protected, like every route) reviews-api routes."
  }

  assert {
    condition = (
      output.runtime_config.functions["reviews-api"].environment.RECEIPTS_TABLE == "shoebox-test-receipts" &&
      output.runtime_config.functions["reviews-api"].environment.UPLOADS_BUCKET == module.bucket["uploads"].name &&
      output.runtime_config.functions["reviews-api"].environment.LIMITS_TABLE == "shoebox-test-limits" &&
      output.runtime_config.functions["review-request"].environment.RECEIPTS_TABLE == "shoebox-test-receipts" &&
      output.runtime_config.functions["review-request"].environment.EVENTS_TOPIC_ARN == "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events"
    )
    error_message = "reviews-api reads reviews and originals under the request limit; review-request writes reviews and announces them."
  }
}

run "review_settings_reach_validate_and_the_workflow" {
  variables {
    review_min_confidence       = 0.9
    review_total_limits         = { "*" = { EUR = 500 }, "Qm9iLXRoZS1idWlsZGVyMQ" = { EUR = 2000 } }
    review_remind_after_seconds = 3600
    review_deadline_seconds     = 7200
    review_max_seconds          = 86400
    review_on_deadline          = "reject"
  }

  assert {
    condition = (
      output.runtime_config.functions["receipt-validate"].environment.REVIEW_MIN_CONFIDENCE == "0.9" &&
      jsondecode(output.runtime_config.functions["receipt-validate"].environment.REVIEW_TOTAL_LIMITS) == { "*" = { EUR = 500 }, "Qm9iLXRoZS1idWlsZGVyMQ" = { EUR = 2000 } }
    )
    error_message = "receipt-validate gets the confidence threshold and the total limits."
  }

  assert {
    condition = alltrue([for text in ["States.StringToJson('3600')", "States.StringToJson('7200')", "States.StringToJson('86400')", "\"onDeadline\":\"reject\""] :
      strcontains(replace(module.receipt_workflow.definition, " ", ""), replace(text, " ", ""))
    ])
    error_message = "The review timings and the deadline's action reach the deployed definition."
  }

  assert {
    condition = (
      jsondecode(module.receipt_workflow.definition).States.ProcessReceipts.ItemProcessor.States.AwaitReview.Branches[0].States.AwaitDecision.Resource == "arn:aws:states:::lambda:invoke.waitForTaskToken" &&
      jsondecode(module.receipt_workflow.definition).States.ProcessReceipts.ItemProcessor.States.AwaitReview.Branches[0].States.AwaitDecision.HeartbeatSecondsPath == "$.reviewRequest.deadlineSeconds" &&
      jsondecode(module.receipt_workflow.definition).States.ProcessReceipts.ItemProcessor.States.AwaitReview.Branches[0].States.AwaitDecision.TimeoutSecondsPath == "$.reviewRequest.maxSeconds"
    )
    error_message = "AwaitDecision waits for its task token with the deadline as HeartbeatSeconds and the cap as TimeoutSeconds."
  }
}

run "no_email_without_addresses" {
  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0
    error_message = "Nothing is sent by email when no address is set."
  }
}

run "owners_and_escalation_contacts_get_their_own_review_email" {
  variables {
    notification_emails      = { "Qm9iLXRoZS1idWlsZGVyMQ" = "bob@example.com" }
    review_escalation_emails = ["finance@example.com"]
  }

  assert {
    condition = (
      aws_sns_topic_subscription.email["owner-Qm9iLXRoZS1idWlsZGVyMQ"].protocol == "email" &&
      aws_sns_topic_subscription.email["owner-Qm9iLXRoZS1idWlsZGVyMQ"].endpoint == "bob@example.com" &&
      jsondecode(aws_sns_topic_subscription.email["owner-Qm9iLXRoZS1idWlsZGVyMQ"].filter_policy) == {
        eventType = ["review.requested", "review.reminder", "review.escalated"]
        ownerId   = ["Qm9iLXRoZS1idWlsZGVyMQ"]
      }
    )
    error_message = "An owner's address gets only that owner's review events."
  }

  assert {
    condition = (
      aws_sns_topic_subscription.email["escalation-finance@example.com"].topic_arn == module.topic["events"].arn &&
      jsondecode(aws_sns_topic_subscription.email["escalation-finance@example.com"].filter_policy) == { eventType = ["review.escalated"] }
    )
    error_message = "An escalation address gets every escalation, whoever owns the receipt."
  }
}

run "email_addresses_are_checked" {
  command = plan

  variables {
    notification_emails = { "Qm9iLXRoZS1idWlsZGVyMQ" = "not an address" }
  }

  expect_failures = [var.notification_emails]
}

run "a_deadline_must_be_below_the_cap" {
  command = plan

  variables {
    review_deadline_seconds = 7200
    review_max_seconds      = 7200
  }

  expect_failures = [var.review_max_seconds]
}

run "the_deadline_action_is_escalate_or_reject" {
  command = plan

  variables {
    review_on_deadline = "approve"
  }

  expect_failures = [var.review_on_deadline]
}

run "reviews_past_their_deadline_raise_an_alarm_with_the_alarm_actions" {
  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
  }

  assert {
    condition = (
      module.alarms.integration_timeout_alarm_arns["reviews-past-deadline"] != null &&
      contains(keys(module.alarms.integration_timeout_alarm_arns), "reviews-past-deadline")
    )
    error_message = "Reviews past their deadline have an alarm."
  }
}
