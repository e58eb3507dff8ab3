# Every root variable validation rejects a bad value (expect_failures), plan-only and offline.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
  jwt_issuer         = "https://auth.example.com/"
  jwt_audience       = ["shoebox-web"]
}

run "valid_defaults_plan_cleanly" {
  command = plan
}

run "local_jwt_issuer_is_accepted" {
  command = plan

  variables {
    jwt_issuer = "http://127.0.0.1:9229/issuer"
  }
}

run "missing_manifest_asks_for_make_build" {
  command = plan

  variables {
    artifacts_manifest = "tests/fixtures/does-not-exist.json"
  }

  expect_failures = [var.artifacts_manifest]
}

run "rejects_invalid_project" {
  command = plan

  variables {
    project = "Shoebox!"
  }

  expect_failures = [var.project]
}

run "rejects_invalid_environment" {
  command = plan

  variables {
    environment = "x"
  }

  expect_failures = [var.environment]
}

run "rejects_invalid_region" {
  command = plan

  variables {
    region = "europe"
  }

  expect_failures = [var.region]
}

run "rejects_invalid_artifacts_manifest" {
  command = plan

  variables {
    artifacts_manifest = "tests/fixtures/manifest-missing-function.json"
  }

  expect_failures = [var.artifacts_manifest]
}

run "rejects_invalid_log_level" {
  command = plan

  variables {
    log_level = "VERBOSE"
  }

  expect_failures = [var.log_level]
}

run "rejects_invalid_log_retention_days" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_invalid_upload_url_ttl_seconds" {
  command = plan

  variables {
    upload_url_ttl_seconds = 10
  }

  expect_failures = [var.upload_url_ttl_seconds]
}

run "rejects_invalid_download_url_ttl_seconds" {
  command = plan

  variables {
    download_url_ttl_seconds = 7200
  }

  expect_failures = [var.download_url_ttl_seconds]
}

run "rejects_invalid_max_upload_bytes" {
  command = plan

  variables {
    max_upload_bytes = 10
  }

  expect_failures = [var.max_upload_bytes]
}

run "rejects_invalid_thumbnail_sizes" {
  command = plan

  variables {
    thumbnail_sizes = "small=160"
  }

  expect_failures = [var.thumbnail_sizes]
}

run "rejects_invalid_max_input_pixels" {
  command = plan

  variables {
    max_input_pixels = 100
  }

  expect_failures = [var.max_input_pixels]
}

run "rejects_invalid_thumbnail_memory_size" {
  command = plan

  variables {
    thumbnail_memory_size = 128
  }

  expect_failures = [var.thumbnail_memory_size]
}

run "rejects_a_decode_budget_that_leaves_the_runtime_no_memory" {
  command = plan

  variables {
    thumbnail_memory_size    = 1024
    thumbnail_max_decode_mib = 768
  }

  expect_failures = [var.thumbnail_max_decode_mib]
}

run "rejects_invalid_thumbnail_batch_size" {
  command = plan

  variables {
    thumbnail_batch_size = 0
  }

  expect_failures = [var.thumbnail_batch_size]
}

run "rejects_invalid_thumbnail_maximum_batching_window_seconds" {
  command = plan

  variables {
    thumbnail_maximum_batching_window_seconds = 301
  }

  expect_failures = [var.thumbnail_maximum_batching_window_seconds]
}

run "rejects_invalid_thumbnail_maximum_concurrency" {
  command = plan

  variables {
    thumbnail_maximum_concurrency = 1
  }

  expect_failures = [var.thumbnail_maximum_concurrency]
}

run "rejects_invalid_event_ingest_batch_size" {
  command = plan

  variables {
    event_ingest_batch_size = 0
  }

  expect_failures = [var.event_ingest_batch_size]
}

run "rejects_invalid_event_ingest_maximum_batching_window_seconds" {
  command = plan

  variables {
    event_ingest_maximum_batching_window_seconds = -1
  }

  expect_failures = [var.event_ingest_maximum_batching_window_seconds]
}

run "rejects_invalid_event_ingest_maximum_concurrency" {
  command = plan

  variables {
    event_ingest_maximum_concurrency = 1
  }

  expect_failures = [var.event_ingest_maximum_concurrency]
}

run "rejects_invalid_receipt_starter_maximum_concurrency" {
  command = plan

  variables {
    receipt_starter_maximum_concurrency = 1
  }

  expect_failures = [var.receipt_starter_maximum_concurrency]
}

run "rejects_invalid_delivery_database_url" {
  command = plan

  variables {
    delivery_database_url = "mysql://db.example.com/receipts"
  }

  expect_failures = [var.delivery_database_url]
}

run "rejects_invalid_delivery_batch_size" {
  command = plan

  variables {
    delivery_batch_size = 0
  }

  expect_failures = [var.delivery_batch_size]
}

# AWS refuses maximum_concurrency 1; a cap of 1 needs the pull agent or reserved concurrency.
run "rejects_invalid_delivery_max_concurrency" {
  command = plan

  variables {
    delivery_max_concurrency = 1
  }

  expect_failures = [var.delivery_max_concurrency]
}

run "rejects_invalid_delivery_max_receive_count" {
  command = plan

  variables {
    delivery_max_receive_count = 0
  }

  expect_failures = [var.delivery_max_receive_count]
}

run "rejects_invalid_receipt_workflow_map_max_concurrency" {
  command = plan

  variables {
    receipt_workflow_map_max_concurrency = 41
  }

  expect_failures = [var.receipt_workflow_map_max_concurrency]
}

run "rejects_invalid_receipt_workflow_log_level" {
  command = plan

  variables {
    receipt_workflow_log_level = "OFF"
  }

  expect_failures = [var.receipt_workflow_log_level]
}

run "accepts_a_postgres_database_url" {
  command = plan

  variables {
    delivery_database_url = "postgres://shoebox:secret@db.example.com:5432/receipts"
  }
}

run "accepts_a_map_concurrency_of_1" {
  command = plan

  variables {
    receipt_workflow_map_max_concurrency = 1
  }
}

run "rejects_invalid_max_receive_count" {
  command = plan

  variables {
    max_receive_count = 1
  }

  expect_failures = [var.max_receive_count]
}

run "rejects_invalid_jwt_issuer" {
  command = plan

  variables {
    jwt_issuer = "http://auth.example.com/"
  }

  expect_failures = [var.jwt_issuer]
}

run "rejects_invalid_jwt_audience" {
  command = plan

  variables {
    jwt_audience = []
  }

  expect_failures = [var.jwt_audience]
}

run "rejects_invalid_cors_allowed_origins" {
  command = plan

  variables {
    cors_allowed_origins = ["app.example.com/path"]
  }

  expect_failures = [var.cors_allowed_origins]
}

run "rejects_invalid_api_throttling_burst_limit" {
  command = plan

  variables {
    api_throttling_burst_limit = 0
  }

  expect_failures = [var.api_throttling_burst_limit]
}

run "rejects_invalid_api_throttling_rate_limit" {
  command = plan

  variables {
    api_throttling_rate_limit = 0
  }

  expect_failures = [var.api_throttling_rate_limit]
}

run "rejects_invalid_alarm_actions" {
  command = plan

  variables {
    alarm_actions = ["oncall@example.com"]
  }

  expect_failures = [var.alarm_actions]
}

run "rejects_max_archive_bytes_above_a_single_post" {
  command = plan
  variables {
    max_archive_bytes = 5368709121
  }
  expect_failures = [var.max_archive_bytes]
}

run "rejects_archive_fanout_maximum_concurrency_below_two" {
  command = plan
  variables {
    archive_fanout_maximum_concurrency = 1
  }
  expect_failures = [var.archive_fanout_maximum_concurrency]
}

# AWS refuses an SQS event source mapping with a batch over 10 and no batching window.
run "rejects_a_thumbnail_batch_over_10_without_a_batching_window" {
  command = plan

  variables {
    thumbnail_batch_size                      = 11
    thumbnail_maximum_batching_window_seconds = 0
  }

  expect_failures = [var.thumbnail_batch_size]
}

run "rejects_an_event_ingest_batch_over_10_without_a_batching_window" {
  command = plan

  variables {
    event_ingest_batch_size                      = 100
    event_ingest_maximum_batching_window_seconds = 0
  }

  expect_failures = [var.event_ingest_batch_size]
}

run "accepts_batches_over_10_with_a_batching_window_and_10_without" {
  command = plan

  variables {
    thumbnail_batch_size                         = 100
    thumbnail_maximum_batching_window_seconds    = 1
    event_ingest_batch_size                      = 10
    event_ingest_maximum_batching_window_seconds = 0
  }
}

run "rejects_invalid_delivery_mode" {
  command = plan

  variables {
    delivery_mode = "both"
  }

  expect_failures = [var.delivery_mode]
}

run "rejects_invalid_delivery_subnet_ids" {
  command = plan

  variables {
    delivery_subnet_ids         = ["10.0.1.0/24"]
    delivery_security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.delivery_subnet_ids]
}

run "rejects_delivery_subnets_without_security_groups" {
  command = plan

  variables {
    delivery_subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.delivery_security_group_ids]
}

run "rejects_delivery_security_groups_without_subnets" {
  command = plan

  variables {
    delivery_security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.delivery_security_group_ids]
}

run "rejects_a_delivery_database_ca_certificate_that_is_not_pem" {
  command = plan

  variables {
    delivery_database_url            = "postgres://shoebox:secret@db.example.com:5432/receipts"
    delivery_database_ca_certificate = "MIIBszCCAVmgAwIBAgIU"
  }

  expect_failures = [var.delivery_database_ca_certificate]
}

run "rejects_a_delivery_database_ca_certificate_without_the_url" {
  command = plan

  variables {
    delivery_database_ca_certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
  }

  expect_failures = [var.delivery_database_ca_certificate]
}

run "rejects_invalid_secret_recovery_window_in_days" {
  command = plan

  variables {
    secret_recovery_window_in_days = 3
  }

  expect_failures = [var.secret_recovery_window_in_days]
}

run "user_limits_of_0_mean_no_limit_and_plan_cleanly" {
  command = plan

  variables {
    user_files_per_day       = 0
    user_bytes_per_day       = 0
    user_requests_per_second = 0
  }
}

run "rejects_a_negative_user_files_per_day" {
  command = plan

  variables {
    user_files_per_day = -1
  }

  expect_failures = [var.user_files_per_day]
}

run "rejects_a_fractional_user_files_per_day" {
  command = plan

  variables {
    user_files_per_day = 2.5
  }

  expect_failures = [var.user_files_per_day]
}

run "rejects_a_negative_user_bytes_per_day" {
  command = plan

  variables {
    user_bytes_per_day = -1
  }

  expect_failures = [var.user_bytes_per_day]
}

run "rejects_a_user_bytes_per_day_smaller_than_the_largest_upload" {
  command = plan

  variables {
    user_bytes_per_day = 1048576
  }

  expect_failures = [var.user_bytes_per_day]
}

run "rejects_a_negative_user_requests_per_second" {
  command = plan

  variables {
    user_requests_per_second = -1
  }

  expect_failures = [var.user_requests_per_second]
}

run "rejects_a_user_request_burst_below_the_rate" {
  command = plan

  variables {
    user_requests_per_second = 10
    user_request_burst       = 5
  }

  expect_failures = [var.user_request_burst]
}

run "rejects_a_user_request_burst_of_a_window_over_a_minute" {
  command = plan

  variables {
    user_requests_per_second = 1
    user_request_burst       = 61
  }

  expect_failures = [var.user_request_burst]
}

run "rejects_a_user_request_burst_of_0" {
  command = plan

  variables {
    user_requests_per_second = 0
    user_request_burst       = 0
  }

  expect_failures = [var.user_request_burst]
}
