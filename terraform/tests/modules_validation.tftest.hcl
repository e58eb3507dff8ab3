# Every module variable validation rejects a bad value (expect_failures), plan-only and offline.
#
# A table of cases: one run per invalid input, named after what it rejects, changing only that
# input (or the pair a cross-variable validation reads) from the valid base below. A module
# ignores the base values it does not declare, so one base serves every module.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name        = "shoebox-test-valid"
  description = "a test value"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  policy_json = "{}"
  # table
  hash_key   = "ownerId"
  attributes = { ownerId = "S" }
  # lambda_function
  function_name    = "shoebox-test-fn"
  filename         = "fn.zip"
  source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  architecture     = "x86_64"
  # http_api
  jwt_issuer          = "https://auth.example.com/"
  jwt_audience        = ["web"]
  routes              = { "GET /photos" = { type = "lambda", function = "photos-api" } }
  lambda_integrations = { "photos-api" = { function_name = "f", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations" } }
  # alarms, kms_key
  name_prefix = "shoebox-test"
  alias       = "shoebox-test"
  account_id  = "123456789012"
  # state_machine
  definition = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
}

# --- queue -----------------------------------------------------------------------------------

run "queue_rejects_a_name_with_spaces" {
  command = plan
  module { source = "./modules/queue" }
  variables { name = "bad name!" }
  expect_failures = [var.name]
}

run "queue_rejects_a_visibility_timeout_over_12_hours" {
  command = plan
  module { source = "./modules/queue" }
  variables { visibility_timeout_seconds = 43201 }
  expect_failures = [var.visibility_timeout_seconds]
}

run "queue_rejects_a_retention_under_a_minute" {
  command = plan
  module { source = "./modules/queue" }
  variables { message_retention_seconds = 30 }
  expect_failures = [var.message_retention_seconds]
}

run "queue_rejects_a_dlq_retention_over_14_days" {
  command = plan
  module { source = "./modules/queue" }
  variables { dlq_message_retention_seconds = 1209601 }
  expect_failures = [var.dlq_message_retention_seconds]
}

run "queue_rejects_a_max_receive_count_of_0" {
  command = plan
  module { source = "./modules/queue" }
  variables { max_receive_count = 0 }
  expect_failures = [var.max_receive_count]
}

run "queue_rejects_a_receive_wait_over_20_seconds" {
  command = plan
  module { source = "./modules/queue" }
  variables { receive_wait_time_seconds = 21 }
  expect_failures = [var.receive_wait_time_seconds]
}

run "queue_rejects_a_data_key_reuse_under_a_minute" {
  command = plan
  module { source = "./modules/queue" }
  variables { kms_data_key_reuse_period_seconds = 10 }
  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

# --- table -----------------------------------------------------------------------------------

run "table_rejects_a_name_under_3_characters" {
  command = plan
  module { source = "./modules/table" }
  variables { name = "ab" }
  expect_failures = [var.name]
}

run "table_rejects_an_attribute_type_dynamodb_does_not_know" {
  command = plan
  module { source = "./modules/table" }
  variables { attributes = { ownerId = "STRING" } }
  expect_failures = [var.attributes]
}

run "table_rejects_attributes_without_the_hash_key" {
  command = plan
  module { source = "./modules/table" }
  variables { attributes = { photoId = "S" } }
  expect_failures = [var.attributes]
}

# --- bucket ----------------------------------------------------------------------------------

run "bucket_rejects_uppercase_and_underscores_in_the_name" {
  command = plan
  module { source = "./modules/bucket" }
  variables { name = "Shoebox_Uploads" }
  expect_failures = [var.name]
}

run "bucket_rejects_a_noncurrent_version_expiration_of_0_days" {
  command = plan
  module { source = "./modules/bucket" }
  variables { noncurrent_version_expiration_days = 0 }
  expect_failures = [var.noncurrent_version_expiration_days]
}

run "bucket_rejects_an_abort_incomplete_multipart_upload_of_0_days" {
  command = plan
  module { source = "./modules/bucket" }
  variables { abort_incomplete_multipart_upload_days = 0 }
  expect_failures = [var.abort_incomplete_multipart_upload_days]
}

run "bucket_rejects_a_cors_method_s3_does_not_allow" {
  command = plan
  module { source = "./modules/bucket" }
  variables { cors_rules = [{ allowed_methods = ["PATCH"], allowed_origins = ["https://app.example.com"] }] }
  expect_failures = [var.cors_rules]
}

# --- lambda_function -------------------------------------------------------------------------

run "lambda_function_rejects_a_name_with_spaces" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { function_name = "a function" }
  expect_failures = [var.function_name]
}

run "lambda_function_rejects_a_role_name_over_64_characters" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { role_name = "shoebox-a-very-long-environment-name-and-workspace-euw1-thumbnail-role" }
  expect_failures = [var.role_name]
}

run "lambda_function_rejects_a_source_code_hash_that_is_no_sha256" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { source_code_hash = "not-a-hash" }
  expect_failures = [var.source_code_hash]
}

run "lambda_function_rejects_a_runtime_other_than_nodejs" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { runtime = "python3.12" }
  expect_failures = [var.runtime]
}

run "lambda_function_rejects_an_architecture_lambda_does_not_name" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { architecture = "amd64" }
  expect_failures = [var.architecture]
}

run "lambda_function_rejects_a_timeout_over_15_minutes" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { timeout = 901 }
  expect_failures = [var.timeout]
}

run "lambda_function_rejects_memory_under_128_mb" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { memory_size = 64 }
  expect_failures = [var.memory_size]
}

run "lambda_function_rejects_a_log_retention_cloudwatch_does_not_offer" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { log_retention_days = 2 }
  expect_failures = [var.log_retention_days]
}

run "lambda_function_rejects_attach_policy_json_without_a_policy" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { policy_json = null }
  expect_failures = [var.attach_policy_json]
}

run "lambda_function_rejects_key_actions_that_are_not_kms" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { kms_key_actions = ["s3:GetObject"] }
  expect_failures = [var.kms_key_actions]
}

run "lambda_function_rejects_key_actions_without_an_access_policy" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables {
    kms_key_actions    = ["kms:Decrypt"]
    attach_policy_json = false
    policy_json        = null
  }
  expect_failures = [var.kms_key_actions]
}

run "lambda_function_rejects_vpc_ids_that_are_not_subnets" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables {
    vpc_subnet_ids         = ["vpc-0123456789abcdef0"]
    vpc_security_group_ids = ["sg-0123456789abcdef0"]
  }
  expect_failures = [var.vpc_subnet_ids]
}

run "lambda_function_rejects_vpc_subnets_without_security_groups" {
  command = plan
  module { source = "./modules/lambda_function" }
  variables { vpc_subnet_ids = ["subnet-0123456789abcdef0"] }
  expect_failures = [var.vpc_security_group_ids]
}

# --- http_api --------------------------------------------------------------------------------

run "http_api_rejects_a_name_with_spaces" {
  command = plan
  module { source = "./modules/http_api" }
  variables { name = "bad name" }
  expect_failures = [var.name]
}

run "http_api_rejects_a_plain_http_jwt_issuer" {
  command = plan
  module { source = "./modules/http_api" }
  variables { jwt_issuer = "http://auth.example.com" }
  expect_failures = [var.jwt_issuer]
}

run "http_api_rejects_an_empty_jwt_audience" {
  command = plan
  module { source = "./modules/http_api" }
  variables { jwt_audience = [""] }
  expect_failures = [var.jwt_audience]
}

run "http_api_rejects_a_route_type_other_than_lambda_or_sqs" {
  command = plan
  module { source = "./modules/http_api" }
  variables { routes = { "GET /photos" = { type = "http", function = "photos-api" } } }
  expect_failures = [var.routes]
}

run "http_api_rejects_a_route_key_without_a_method" {
  command = plan
  module { source = "./modules/http_api" }
  variables { routes = { "/photos" = { type = "lambda", function = "photos-api" } } }
  expect_failures = [var.routes]
}

run "http_api_rejects_a_route_to_a_function_without_an_integration" {
  command = plan
  module { source = "./modules/http_api" }
  variables { routes = { "GET /photos" = { type = "lambda", function = "missing" } } }
  expect_failures = [var.routes]
}

run "http_api_rejects_a_throttling_burst_limit_of_0" {
  command = plan
  module { source = "./modules/http_api" }
  variables { throttling_burst_limit = 0 }
  expect_failures = [var.throttling_burst_limit]
}

run "http_api_rejects_a_throttling_rate_limit_of_0" {
  command = plan
  module { source = "./modules/http_api" }
  variables { throttling_rate_limit = 0 }
  expect_failures = [var.throttling_rate_limit]
}

run "http_api_rejects_a_log_retention_cloudwatch_does_not_offer" {
  command = plan
  module { source = "./modules/http_api" }
  variables { log_retention_days = 2 }
  expect_failures = [var.log_retention_days]
}

# --- alarms ----------------------------------------------------------------------------------

run "alarms_rejects_an_alarm_action_that_is_no_arn" {
  command = plan
  module { source = "./modules/alarms" }
  variables { alarm_actions = ["not-an-arn"] }
  expect_failures = [var.alarm_actions]
}

run "alarms_rejects_a_queue_age_threshold_under_a_minute" {
  command = plan
  module { source = "./modules/alarms" }
  variables { queue_age_thresholds = { "receipt-delivery" = { queue_name = "shoebox-test-receipt-delivery", threshold_seconds = 30 } } }
  expect_failures = [var.queue_age_thresholds]
}

run "alarms_rejects_a_state_machine_given_by_name_instead_of_arn" {
  command = plan
  module { source = "./modules/alarms" }
  variables { state_machines = { "receipt-workflow" = "shoebox-test-receipt-workflow" } }
  expect_failures = [var.state_machines]
}

# --- kms_key ---------------------------------------------------------------------------------

run "kms_key_rejects_an_alias_in_the_aws_namespace" {
  command = plan
  module { source = "./modules/kms_key" }
  variables { alias = "aws/shoebox" }
  expect_failures = [var.alias]
}

run "kms_key_rejects_a_rotation_period_under_90_days" {
  command = plan
  module { source = "./modules/kms_key" }
  variables { rotation_period_in_days = 30 }
  expect_failures = [var.rotation_period_in_days]
}

run "kms_key_rejects_a_deletion_window_under_7_days" {
  command = plan
  module { source = "./modules/kms_key" }
  variables { deletion_window_in_days = 3 }
  expect_failures = [var.deletion_window_in_days]
}

run "kms_key_rejects_an_account_id_that_is_not_12_digits" {
  command = plan
  module { source = "./modules/kms_key" }
  variables { account_id = "12345678901" }
  expect_failures = [var.account_id]
}

# --- topic, secret ---------------------------------------------------------------------------

run "topic_rejects_a_name_with_spaces" {
  command = plan
  module { source = "./modules/topic" }
  variables { name = "bad name" }
  expect_failures = [var.name]
}

run "secret_rejects_a_recovery_window_between_1_and_6_days" {
  command = plan
  module { source = "./modules/secret" }
  variables { recovery_window_in_days = 3 }
  expect_failures = [var.recovery_window_in_days]
}

# --- state_machine ---------------------------------------------------------------------------

run "state_machine_rejects_a_name_with_spaces" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { name = "shoebox test workflow" }
  expect_failures = [var.name]
}

run "state_machine_rejects_a_role_name_with_spaces" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { role_name = "shoebox test workflow role" }
  expect_failures = [var.role_name]
}

run "state_machine_rejects_a_definition_with_a_placeholder_left" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { definition = "{\"StartAt\":\"Validate\",\"States\":{\"Validate\":{\"Type\":\"Task\",\"Resource\":\"$${validate_function_arn}\",\"End\":true}}}" }
  expect_failures = [var.definition]
}

run "state_machine_rejects_a_definition_that_is_not_json" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { definition = "not json" }
  expect_failures = [var.definition]
}

run "state_machine_rejects_a_type_other_than_standard_or_express" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { type = "SYNC" }
  expect_failures = [var.type]
}

run "state_machine_rejects_log_level_off" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { log_level = "OFF" }
  expect_failures = [var.log_level]
}

run "state_machine_rejects_a_data_key_reuse_under_a_minute" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { kms_data_key_reuse_period_seconds = 30 }
  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

run "state_machine_rejects_a_log_retention_cloudwatch_does_not_offer" {
  command = plan
  module { source = "./modules/state_machine" }
  variables { log_retention_days = 10 }
  expect_failures = [var.log_retention_days]
}
