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

# Distinct ARNs where a test must tell one queue or function from another.
override_resource {
  target = module.queue["uploads"].aws_sqs_queue.this
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-uploads" }
}

override_resource {
  target = module.queue["uploads"].aws_sqs_queue.dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads-dlq", url = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-uploads-dlq" }
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

run "uploads_bucket_notifies_the_uploads_queue_for_the_uploads_prefix" {
  assert {
    condition     = length(aws_s3_bucket_notification.uploads.queue) == 1
    error_message = "The uploads bucket must have exactly one queue notification."
  }

  assert {
    condition = alltrue([for queue in aws_s3_bucket_notification.uploads.queue :
      queue.queue_arn == module.queue["uploads"].arn && queue.filter_prefix == "uploads/" && toset(queue.events) == toset(["s3:ObjectCreated:*"])
    ])
    error_message = "s3:ObjectCreated:* under uploads/ must go to the uploads queue."
  }

  assert {
    condition     = aws_s3_bucket_notification.uploads.bucket == module.bucket["uploads"].name
    error_message = "The notification must be on the uploads bucket."
  }
}

run "queues_redrive_to_their_own_dlq_after_max_receive_count" {
  variables {
    max_receive_count = 3
  }

  assert {
    condition = alltrue([for name, queue in output.runtime_config.queues :
      queue.max_receive_count == 3 && queue.dlq_arn == "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-${name}-dlq"
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
    condition     = toset(keys(aws_lambda_event_source_mapping.sqs)) == toset(["thumbnail", "event-ingest"])
    error_message = "Both SQS consumers need an event source mapping."
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

run "local_emulation_creates_no_event_source_mappings_but_keeps_their_settings" {
  variables {
    local_emulation = true
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.sqs) == 0
    error_message = "With local_emulation the local runtime polls the queues: no mappings."
  }

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
    condition     = length(module.function) == 4 && length(module.queue) == 2
    error_message = "Everything except the mappings is still created."
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
      fn.environment.POWERTOOLS_SERVICE_NAME == name && fn.environment.NODE_OPTIONS == "--enable-source-maps" && fn.environment.POWERTOOLS_LOG_LEVEL == "INFO"
    ])
    error_message = "Every function gets the common Powertools and Node environment."
  }

  assert {
    condition = (
      output.runtime_config.functions["uploads-api"].environment.UPLOAD_URL_TTL_SECONDS == "300" &&
      output.runtime_config.functions["uploads-api"].environment.MAX_UPLOAD_BYTES == "26214400" &&
      output.runtime_config.functions.thumbnail.environment.THUMBNAIL_SIZES == "small:160,medium:640" &&
      output.runtime_config.functions.thumbnail.environment.MAX_INPUT_PIXELS == "50000000" &&
      output.runtime_config.functions.thumbnail.environment.EVENTS_TOPIC_ARN == output.runtime_config.topics.events &&
      output.runtime_config.functions["event-ingest"].environment.INGEST_EVENTS_TABLE == output.runtime_config.tables.ingest_events
    )
    error_message = "Function environments must carry the documented values."
  }
}

run "http_routes_in_runtime_config" {
  assert {
    condition     = toset(keys(output.runtime_config.http_api.routes)) == toset(["POST /uploads", "GET /photos", "GET /photos/{id}", "POST /events"])
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
    condition     = module.http_api.route_ids != null && length(module.http_api.route_ids) == 4
    error_message = "The HTTP API module creates one route per entry of local.http_routes."
  }
}

run "alarms_watch_every_dlq_and_function" {
  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
  }

  assert {
    condition     = toset(keys(module.alarms.dlq_alarm_arns)) == toset(["uploads", "ingest"]) && toset(keys(module.alarms.function_error_alarm_arns)) == toset(["uploads-api", "photos-api", "thumbnail", "event-ingest"])
    error_message = "Every DLQ and every function needs an alarm."
  }
}
