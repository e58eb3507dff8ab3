# Every module variable validation rejects a bad value (expect_failures), plan-only and offline.
mock_provider "aws" {
  source = "./tests/mocks"
}

run "queue_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name        = "bad name!"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.name]
}

run "queue_rejects_invalid_visibility_timeout_seconds" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                       = "q"
    kms_key_arn                = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    visibility_timeout_seconds = 43201
  }

  expect_failures = [var.visibility_timeout_seconds]
}

run "queue_rejects_invalid_message_retention_seconds" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                      = "q"
    kms_key_arn               = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    message_retention_seconds = 30
  }

  expect_failures = [var.message_retention_seconds]
}

run "queue_rejects_invalid_dlq_message_retention_seconds" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                          = "q"
    kms_key_arn                   = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    dlq_message_retention_seconds = 1209601
  }

  expect_failures = [var.dlq_message_retention_seconds]
}

run "queue_rejects_invalid_max_receive_count" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name              = "q"
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "queue_rejects_invalid_receive_wait_time_seconds" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                      = "q"
    kms_key_arn               = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    receive_wait_time_seconds = 21
  }

  expect_failures = [var.receive_wait_time_seconds]
}

run "queue_rejects_invalid_kms_data_key_reuse_period_seconds" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                              = "q"
    kms_key_arn                       = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    kms_data_key_reuse_period_seconds = 10
  }

  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

run "table_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/table"
  }

  variables {
    name        = "ab"
    hash_key    = "ownerId"
    attributes  = { ownerId = "S" }
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.name]
}

run "table_rejects_invalid_attributes" {
  command = plan

  module {
    source = "./modules/table"
  }

  variables {
    name        = "shoebox-test-photos"
    hash_key    = "ownerId"
    attributes  = { ownerId = "STRING" }
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.attributes]
}

run "table_rejects_invalid_attributes_2" {
  command = plan

  module {
    source = "./modules/table"
  }

  variables {
    name        = "shoebox-test-photos"
    hash_key    = "ownerId"
    attributes  = { photoId = "S" }
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.attributes]
}

run "bucket_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/bucket"
  }

  variables {
    name        = "Shoebox_Uploads"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.name]
}

run "bucket_rejects_invalid_noncurrent_version_expiration_days" {
  command = plan

  module {
    source = "./modules/bucket"
  }

  variables {
    name                               = "shoebox-test-uploads"
    kms_key_arn                        = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    noncurrent_version_expiration_days = 0
  }

  expect_failures = [var.noncurrent_version_expiration_days]
}

run "bucket_rejects_invalid_abort_incomplete_multipart_upload_days" {
  command = plan

  module {
    source = "./modules/bucket"
  }

  variables {
    name                                   = "shoebox-test-uploads"
    kms_key_arn                            = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    abort_incomplete_multipart_upload_days = 0
  }

  expect_failures = [var.abort_incomplete_multipart_upload_days]
}

run "bucket_rejects_invalid_cors_rules" {
  command = plan

  module {
    source = "./modules/bucket"
  }

  variables {
    name        = "shoebox-test-uploads"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    cors_rules  = [{ allowed_methods = ["PATCH"], allowed_origins = ["https://app.example.com"] }]
  }

  expect_failures = [var.cors_rules]
}

run "lambda_function_rejects_invalid_function_name" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "a function"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
  }

  expect_failures = [var.function_name]
}

run "lambda_function_rejects_invalid_source_code_hash" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-fn"
    filename         = "fn.zip"
    source_code_hash = "not-a-hash"
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
  }

  expect_failures = [var.source_code_hash]
}

run "lambda_function_rejects_invalid_runtime" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-fn"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "python3.12"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
  }

  expect_failures = [var.runtime]
}

run "lambda_function_rejects_invalid_architecture" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-fn"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "amd64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
  }

  expect_failures = [var.architecture]
}

run "lambda_function_rejects_invalid_timeout" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-fn"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
    timeout          = 901
  }

  expect_failures = [var.timeout]
}

run "lambda_function_rejects_invalid_memory_size" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-fn"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
    memory_size      = 64
  }

  expect_failures = [var.memory_size]
}

run "lambda_function_rejects_invalid_log_retention_days" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name      = "shoebox-test-fn"
    filename           = "fn.zip"
    source_code_hash   = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler            = "index.handler"
    runtime            = "nodejs22.x"
    architecture       = "x86_64"
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json        = "{}"
    log_retention_days = 2
  }

  expect_failures = [var.log_retention_days]
}

run "http_api_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "bad name"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.name]
}

run "http_api_rejects_invalid_jwt_issuer" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "http://auth.example.com"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.jwt_issuer]
}

run "http_api_rejects_invalid_jwt_audience" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = [""]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.jwt_audience]
}

run "http_api_rejects_invalid_routes" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "http", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.routes]
}

run "http_api_rejects_invalid_routes_2" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "/photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.routes]
}

run "http_api_rejects_invalid_routes_3" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "lambda", function = "missing" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  }

  expect_failures = [var.routes]
}

run "http_api_rejects_invalid_throttling_burst_limit" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                   = "shoebox-test-http"
    jwt_issuer             = "https://auth.example.com/"
    jwt_audience           = ["web"]
    kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes                 = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations    = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
    throttling_burst_limit = 0
  }

  expect_failures = [var.throttling_burst_limit]
}

run "http_api_rejects_invalid_throttling_rate_limit" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                  = "shoebox-test-http"
    jwt_issuer            = "https://auth.example.com/"
    jwt_audience          = ["web"]
    kms_key_arn           = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes                = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations   = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
    throttling_rate_limit = 0
  }

  expect_failures = [var.throttling_rate_limit]
}

run "http_api_rejects_invalid_log_retention_days" {
  command = plan

  module {
    source = "./modules/http_api"
  }

  variables {
    name                = "shoebox-test-http"
    jwt_issuer          = "https://auth.example.com/"
    jwt_audience        = ["web"]
    kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes              = { "GET /photos" = { type = "lambda", function = "photos-api" } }
    lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
    log_retention_days  = 2
  }

  expect_failures = [var.log_retention_days]
}

run "alarms_rejects_invalid_alarm_actions" {
  command = plan

  module {
    source = "./modules/alarms"
  }

  variables {
    name_prefix   = "shoebox-test"
    alarm_actions = ["not-an-arn"]
  }

  expect_failures = [var.alarm_actions]
}

run "kms_key_rejects_invalid_alias" {
  command = plan

  module {
    source = "./modules/kms_key"
  }

  variables {
    alias       = "aws/shoebox"
    description = "k"
    policy_json = "{}"
  }

  expect_failures = [var.alias]
}

run "kms_key_rejects_invalid_rotation_period_in_days" {
  command = plan

  module {
    source = "./modules/kms_key"
  }

  variables {
    alias                   = "shoebox-test"
    description             = "k"
    policy_json             = "{}"
    rotation_period_in_days = 30
  }

  expect_failures = [var.rotation_period_in_days]
}

run "kms_key_rejects_invalid_deletion_window_in_days" {
  command = plan

  module {
    source = "./modules/kms_key"
  }

  variables {
    alias                   = "shoebox-test"
    description             = "k"
    policy_json             = "{}"
    deletion_window_in_days = 3
  }

  expect_failures = [var.deletion_window_in_days]
}

run "topic_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/topic"
  }

  variables {
    name        = "bad name"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.name]
}

run "state_machine_rejects_invalid_name" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    name = "shoebox test workflow"
  }

  expect_failures = [var.name]
}

run "state_machine_rejects_invalid_definition" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    definition = "{\"StartAt\":\"Validate\",\"States\":{\"Validate\":{\"Type\":\"Task\",\"Resource\":\"$${validate_function_arn}\",\"End\":true}}}"
  }

  expect_failures = [var.definition]
}

run "state_machine_rejects_invalid_definition_2" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    definition = "not json"
  }

  expect_failures = [var.definition]
}

run "state_machine_rejects_invalid_type" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    type = "SYNC"
  }

  expect_failures = [var.type]
}

run "state_machine_rejects_invalid_log_level" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    log_level = "OFF"
  }

  expect_failures = [var.log_level]
}

run "state_machine_rejects_invalid_kms_data_key_reuse_period" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    kms_data_key_reuse_period_seconds = 30
  }

  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

run "state_machine_rejects_invalid_log_retention_days" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "alarms_rejects_invalid_queue_age_thresholds" {
  command = plan

  module {
    source = "./modules/alarms"
  }

  variables {
    name_prefix          = "shoebox-test"
    queue_age_thresholds = { "receipt-delivery" = { queue_name = "shoebox-test-receipt-delivery", threshold_seconds = 30 } }
  }

  expect_failures = [var.queue_age_thresholds]
}

run "alarms_rejects_invalid_state_machines" {
  command = plan

  module {
    source = "./modules/alarms"
  }

  variables {
    name_prefix    = "shoebox-test"
    state_machines = { "receipt-workflow" = "shoebox-test-receipt-workflow" }
  }

  expect_failures = [var.state_machines]
}

run "lambda_function_rejects_invalid_attach_policy_json" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name      = "shoebox-test-receipt-validate"
    filename           = "fn.zip"
    source_code_hash   = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler            = "index.handler"
    runtime            = "nodejs22.x"
    architecture       = "x86_64"
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    attach_policy_json = true
  }

  expect_failures = [var.attach_policy_json]
}

run "secret_rejects_invalid_recovery_window" {
  command = plan

  module {
    source = "./modules/secret"
  }

  variables {
    name        = "shoebox-test/delivery-database-url"
    description = "the delivery database URL"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"

    recovery_window_in_days = 3
  }

  expect_failures = [var.recovery_window_in_days]
}

run "lambda_function_rejects_an_overlong_role_name" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-thumbnail"
    role_name        = "shoebox-a-very-long-environment-name-and-workspace-euw1-thumbnail-role"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
  }

  expect_failures = [var.role_name]
}

run "lambda_function_rejects_invalid_vpc_subnet_ids" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name          = "shoebox-test-receipt-delivery"
    filename               = "fn.zip"
    source_code_hash       = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler                = "index.handler"
    runtime                = "nodejs22.x"
    architecture           = "x86_64"
    kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json            = "{}"
    vpc_subnet_ids         = ["vpc-0123456789abcdef0"]
    vpc_security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.vpc_subnet_ids]
}

run "lambda_function_rejects_vpc_subnets_without_security_groups" {
  command = plan

  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-receipt-delivery"
    filename         = "fn.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "x86_64"
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{}"
    vpc_subnet_ids   = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.vpc_security_group_ids]
}

run "state_machine_rejects_an_invalid_role_name" {
  command = plan

  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    role_name   = "shoebox test workflow role"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  expect_failures = [var.role_name]
}
