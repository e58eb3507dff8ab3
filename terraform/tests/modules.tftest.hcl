# Behaviour of the reusable modules, each tested on its own through a run-level module block.
mock_provider "aws" {
  source = "./tests/mocks"
}

run "queue_redrives_to_its_dlq_and_keeps_dead_letters_14_days" {
  module {
    source = "./modules/queue"
  }

  variables {
    name                       = "shoebox-test-uploads"
    kms_key_arn                = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    visibility_timeout_seconds = 180
    max_receive_count          = 4
  }

  override_resource {
    target = aws_sqs_queue.dlq
    values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads-dlq" }
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn && aws_sqs_queue.dlq.arn == "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads-dlq"
    error_message = "The queue must redrive to its own DLQ."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 4
    error_message = "maxReceiveCount must come from max_receive_count."
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 180 && aws_sqs_queue.dlq.name == "shoebox-test-uploads-dlq"
    error_message = "Visibility timeout and DLQ name must follow the inputs."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds == 1209600
    error_message = "The DLQ keeps messages for the maximum 14 days."
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "Both queues are encrypted with the customer-managed key."
  }

  assert {
    condition = (
      aws_sqs_queue_redrive_allow_policy.dlq.queue_url == aws_sqs_queue.dlq.id &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy) == {
        redrivePermission = "byQueue"
        sourceQueueArns   = [aws_sqs_queue.this.arn]
      }
    )
    error_message = "Only its own queue may use the DLQ as its dead-letter queue (redrivePermission byQueue)."
  }
}

run "bucket_is_private_kms_encrypted_versioned_and_tls_only" {
  module {
    source = "./modules/bucket"
  }

  variables {
    name        = "shoebox-test-uploads-123456789012"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    cors_rules  = [{ allowed_methods = ["POST"], allowed_origins = ["https://app.example.com"] }]
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls &&
      aws_s3_bucket_public_access_block.this.block_public_policy &&
      aws_s3_bucket_public_access_block.this.ignore_public_acls &&
      aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "All four public access block settings must be true."
  }

  assert {
    condition = alltrue([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      rule.bucket_key_enabled && alltrue([for default in rule.apply_server_side_encryption_by_default :
        default.sse_algorithm == "aws:kms" && default.kms_master_key_id == var.kms_key_arn
      ])
    ]) && length(aws_s3_bucket_server_side_encryption_configuration.this.rule) == 1 && output.sse_algorithm == "aws:kms"
    error_message = "SSE-KMS with the customer-managed key and a bucket key must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule).object_ownership == "BucketOwnerEnforced" && one(aws_s3_bucket_versioning.this.versioning_configuration).status == "Enabled"
    error_message = "ACLs are disabled and versioning is on."
  }

  assert {
    condition = (
      one([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : one(rule.abort_incomplete_multipart_upload).days_after_initiation if length(rule.abort_incomplete_multipart_upload) > 0]) == 1 &&
      one([for rule in aws_s3_bucket_lifecycle_configuration.this.rule : one(rule.noncurrent_version_expiration).noncurrent_days if length(rule.noncurrent_version_expiration) > 0]) == 30
    )
    error_message = "Lifecycle aborts multipart uploads after 1 day and expires noncurrent versions."
  }

  assert {
    condition = (
      one(data.aws_iam_policy_document.tls_only.statement).effect == "Deny" &&
      one(one(data.aws_iam_policy_document.tls_only.statement).condition).variable == "aws:SecureTransport" &&
      toset(one(one(data.aws_iam_policy_document.tls_only.statement).condition).values) == toset(["false"]) &&
      data.aws_iam_policy_document.bucket.source_policy_documents == tolist([data.aws_iam_policy_document.tls_only.json]) &&
      aws_s3_bucket_policy.this.policy == data.aws_iam_policy_document.bucket.json
    )
    error_message = "The bucket policy denies every request without TLS, and has no other statement unless policy_documents gives some."
  }

  assert {
    condition     = one(one(aws_s3_bucket_cors_configuration.this).cors_rule).allowed_origins == toset(["https://app.example.com"])
    error_message = "CORS follows cors_rules."
  }
}

# The site's bucket (modules/static_site): files CloudFront serves to anyone, readable by it.
run "bucket_without_a_key_uses_sse_s3_and_adds_the_callers_statements" {
  module {
    source = "./modules/bucket"
  }

  variables {
    name             = "shoebox-test-web-123456789012"
    kms_key_arn      = null
    policy_documents = ["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"CloudFrontReads\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudfront.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::shoebox-test-web-123456789012/*\"}]}"]
  }

  assert {
    condition = (
      one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256" &&
      one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == null &&
      !one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled &&
      output.sse_algorithm == "AES256"
    )
    error_message = "Without kms_key_arn the bucket is encrypted with S3's own key (SSE-S3), and has no bucket key (there are no KMS requests to save)."
  }

  # The provider renders the merged document with the source documents' statements in their
  # order and refuses a Sid that two of them use.
  assert {
    condition = (
      data.aws_iam_policy_document.bucket.source_policy_documents == tolist(concat([data.aws_iam_policy_document.tls_only.json], var.policy_documents)) &&
      aws_s3_bucket_policy.this.policy == data.aws_iam_policy_document.bucket.json
    )
    error_message = "The bucket policy is the TLS-only statement merged with policy_documents, in that order."
  }
}

run "lambda_function_traces_encrypts_and_uses_its_own_role" {
  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name    = "shoebox-test-thumbnail"
    filename         = "tests/fixtures/thumbnail.zip"
    source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler          = "index.handler"
    runtime          = "nodejs22.x"
    architecture     = "arm64"
    timeout          = 30
    memory_size      = 1024
    kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    policy_json      = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"arn:aws:sns:eu-west-1:123456789012:events\"}]}"
    environment      = { POWERTOOLS_SERVICE_NAME = "thumbnail" }
  }

  override_resource {
    target = aws_iam_role.this
    values = { arn = "arn:aws:iam::123456789012:role/shoebox-test-thumbnail" }
  }

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"]) && aws_lambda_function.this.source_code_hash == var.source_code_hash
    error_message = "Architecture and code hash come from the inputs (the manifest)."
  }

  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "Active" && aws_lambda_function.this.kms_key_arn == var.kms_key_arn
    error_message = "X-Ray tracing is active and the environment is encrypted with the CMK."
  }

  assert {
    condition     = aws_lambda_function.this.role == "arn:aws:iam::123456789012:role/shoebox-test-thumbnail" && data.aws_iam_policy_document.access[0].source_policy_documents == tolist([var.policy_json]) && aws_iam_role_policy.this[0].policy == data.aws_iam_policy_document.access[0].json
    error_message = "The function runs with its own role carrying the given policy (plus its key actions)."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/shoebox-test-thumbnail" && aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "The log group is the function's, KMS-encrypted, with retention."
  }
}

run "http_api_routes_all_require_jwt_and_reach_their_integration" {
  module {
    source = "./modules/http_api"
  }

  variables {
    name         = "shoebox-test-http"
    jwt_issuer   = "https://auth.example.com/"
    jwt_audience = ["shoebox-web"]
    kms_key_arn  = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    routes = {
      "POST /uploads"     = { type = "lambda", function = "uploads-api" }
      "GET /photos"       = { type = "lambda", function = "photos-api" }
      "GET /photos/{id}"  = { type = "lambda", function = "photos-api" }
      "GET /batches/{id}" = { type = "lambda", function = "photos-api" }
      "POST /events"      = { type = "sqs", queue = "ingest" }
    }
    lambda_integrations = {
      "uploads-api" = { function_name = "shoebox-test-uploads-api", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-uploads-api/invocations" }
      "photos-api"  = { function_name = "shoebox-test-photos-api", invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-photos-api/invocations" }
    }
    sqs_integrations = {
      ingest = {
        queue_url          = "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-ingest"
        credentials_arn    = "arn:aws:iam::123456789012:role/shoebox-test-api-sqs"
        message_attributes = { ownerSub = "$${context.authorizer.claims.sub}" }
      }
    }
  }

  override_resource {
    target = aws_apigatewayv2_authorizer.jwt
    values = { id = "jwtauth" }
  }

  override_resource {
    target = aws_apigatewayv2_integration.lambda["uploads-api"]
    values = { id = "int-uploads" }
  }

  override_resource {
    target = aws_apigatewayv2_integration.lambda["photos-api"]
    values = { id = "int-photos" }
  }

  override_resource {
    target = aws_apigatewayv2_integration.sqs["ingest"]
    values = { id = "int-ingest" }
  }

  assert {
    condition     = length(aws_apigatewayv2_route.this) == 5 && alltrue([for route in aws_apigatewayv2_route.this : route.authorization_type == "JWT" && route.authorizer_id == "jwtauth"])
    error_message = "Every route must require the JWT authorizer."
  }

  assert {
    condition = (
      aws_apigatewayv2_route.this["POST /uploads"].target == "integrations/int-uploads" &&
      aws_apigatewayv2_route.this["GET /photos"].target == "integrations/int-photos" &&
      aws_apigatewayv2_route.this["GET /photos/{id}"].target == "integrations/int-photos" &&
      aws_apigatewayv2_route.this["GET /batches/{id}"].target == "integrations/int-photos" &&
      aws_apigatewayv2_route.this["POST /events"].target == "integrations/int-ingest"
    )
    error_message = "Every route must target its own integration."
  }

  assert {
    condition     = alltrue([for integration in aws_apigatewayv2_integration.lambda : integration.integration_type == "AWS_PROXY" && integration.payload_format_version == "2.0"])
    error_message = "Lambda routes use AWS_PROXY with payload format 2.0."
  }

  assert {
    condition = (
      aws_apigatewayv2_integration.sqs["ingest"].integration_subtype == "SQS-SendMessage" &&
      aws_apigatewayv2_integration.sqs["ingest"].credentials_arn == "arn:aws:iam::123456789012:role/shoebox-test-api-sqs" &&
      aws_apigatewayv2_integration.sqs["ingest"].request_parameters.QueueUrl == "https://sqs.eu-west-1.amazonaws.com/123456789012/shoebox-test-ingest" &&
      aws_apigatewayv2_integration.sqs["ingest"].request_parameters.MessageBody == "$request.body" &&
      jsondecode(aws_apigatewayv2_integration.sqs["ingest"].request_parameters.MessageAttributes).ownerSub == { DataType = "String", StringValue = "$${context.authorizer.claims.sub}" }
    )
    error_message = "The SQS route sends the body with the caller's sub as ownerSub, using the API role."
  }

  assert {
    condition = (
      one(aws_apigatewayv2_authorizer.jwt.jwt_configuration).issuer == "https://auth.example.com/" &&
      aws_apigatewayv2_authorizer.jwt.identity_sources == toset(["$request.header.Authorization"])
    )
    error_message = "The authorizer validates JWTs from the Authorization header against the issuer."
  }

  assert {
    condition     = alltrue([for permission in aws_lambda_permission.this : permission.source_arn == "arn:aws:execute-api:eu-west-1:123456789012:mockapi/*/*" && permission.principal == "apigateway.amazonaws.com"])
    error_message = "Invoke permissions are scoped to this API."
  }

  assert {
    condition = (
      aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy &&
      one(aws_apigatewayv2_stage.this.access_log_settings).destination_arn == aws_cloudwatch_log_group.access.arn &&
      aws_cloudwatch_log_group.access.kms_key_id == var.kms_key_arn
    )
    error_message = "The default stage auto-deploys and logs access to a KMS-encrypted log group."
  }
}

run "lambda_function_without_policy_json_gets_only_logging_and_tracing" {
  module {
    source = "./modules/lambda_function"
  }

  variables {
    function_name      = "shoebox-test-receipt-validate"
    filename           = "tests/fixtures/receipt-validate.zip"
    source_code_hash   = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    handler            = "index.handler"
    runtime            = "nodejs22.x"
    architecture       = "x86_64"
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    attach_policy_json = false
  }

  assert {
    condition     = length(aws_iam_role_policy.this) == 0 && aws_iam_role_policy.runtime.name == "shoebox-test-receipt-validate-runtime"
    error_message = "Without attach_policy_json the role carries only the runtime (logging, X-Ray) policy."
  }
}

run "state_machine_is_standard_traced_and_logs_to_an_encrypted_vended_log_group" {
  module {
    source = "./modules/state_machine"
  }

  variables {
    name        = "shoebox-test-receipt-workflow"
    definition  = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"
    policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"arn:aws:sns:eu-west-1:123456789012:events\"}]}"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  override_resource {
    target = aws_iam_role.this
    values = { arn = "arn:aws:iam::123456789012:role/shoebox-test-receipt-workflow" }
  }

  override_resource {
    target = aws_cloudwatch_log_group.this
    values = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/shoebox-test-receipt-workflow" }
  }

  assert {
    condition = (
      aws_sfn_state_machine.this.type == "STANDARD" &&
      aws_sfn_state_machine.this.definition == var.definition &&
      aws_sfn_state_machine.this.role_arn == "arn:aws:iam::123456789012:role/shoebox-test-receipt-workflow"
    )
    error_message = "A STANDARD state machine with the given definition, running as its own role."
  }

  assert {
    condition     = one(aws_sfn_state_machine.this.tracing_configuration).enabled
    error_message = "X-Ray tracing must be on."
  }

  assert {
    condition = (
      one(aws_sfn_state_machine.this.logging_configuration).level == "ERROR" &&
      one(aws_sfn_state_machine.this.logging_configuration).include_execution_data &&
      one(aws_sfn_state_machine.this.logging_configuration).log_destination == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/shoebox-test-receipt-workflow:*"
    )
    error_message = "Executions log errors with their data to the module's log group."
  }

  assert {
    condition = (
      one(aws_sfn_state_machine.this.encryption_configuration).type == "CUSTOMER_MANAGED_KMS_KEY" &&
      one(aws_sfn_state_machine.this.encryption_configuration).kms_key_id == var.kms_key_arn &&
      one(aws_sfn_state_machine.this.encryption_configuration).kms_data_key_reuse_period_seconds == 300
    )
    error_message = "The state machine (definition and execution history) is encrypted with the project's key."
  }

  assert {
    condition = (
      aws_cloudwatch_log_group.this.name == "/aws/vendedlogs/states/shoebox-test-receipt-workflow" &&
      aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn &&
      aws_cloudwatch_log_group.this.retention_in_days == 365
    )
    error_message = "The log group is under /aws/vendedlogs/states/, KMS-encrypted, with retention."
  }

  assert {
    condition     = aws_iam_role_policy.this.policy == var.policy_json && aws_iam_role_policy.this.role == aws_iam_role.this.id
    error_message = "The role carries exactly the given task policy."
  }
}

run "alarms_watch_queue_age_and_state_machine_executions" {
  module {
    source = "./modules/alarms"
  }

  variables {
    name_prefix          = "shoebox-test"
    queue_age_thresholds = { "receipt-delivery" = { queue_name = "shoebox-test-receipt-delivery", threshold_seconds = 900 } }
    state_machines       = { "receipt-workflow" = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" }
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.queue_oldest_message_age["receipt-delivery"].namespace == "AWS/SQS" &&
      aws_cloudwatch_metric_alarm.queue_oldest_message_age["receipt-delivery"].metric_name == "ApproximateAgeOfOldestMessage" &&
      aws_cloudwatch_metric_alarm.queue_oldest_message_age["receipt-delivery"].dimensions.QueueName == "shoebox-test-receipt-delivery" &&
      aws_cloudwatch_metric_alarm.queue_oldest_message_age["receipt-delivery"].comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.queue_oldest_message_age["receipt-delivery"].threshold == 900
    )
    error_message = "The receipt-delivery queue alarms when its oldest message is older than 900 s."
  }

  assert {
    condition = alltrue([for metric in ["ExecutionsFailed", "ExecutionsTimedOut"] :
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].namespace == "AWS/States" &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].metric_name == metric &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].dimensions.StateMachineArn == "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].statistic == "Sum" &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].period == 300 &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].comparison_operator == "GreaterThanOrEqualToThreshold" &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/${metric}"].threshold == 1
    ])
    error_message = "One failed or timed-out execution in 5 minutes raises an alarm."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/ExecutionsFailed"].alarm_name == "shoebox-test-receipt-workflow-failed" &&
      aws_cloudwatch_metric_alarm.state_machine_executions["receipt-workflow/ExecutionsTimedOut"].alarm_name == "shoebox-test-receipt-workflow-timedout"
    )
    error_message = "Alarm names say which state machine and what happened."
  }
}

run "table_photos_sorts_by_photo_id_with_pitr_and_cmk" {
  module {
    source = "./modules/table"
  }

  variables {
    name        = "shoebox-test-photos"
    hash_key    = "ownerId"
    range_key   = "photoId"
    attributes  = { ownerId = "S", photoId = "S" }
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  assert {
    condition = (
      aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST" &&
      aws_dynamodb_table.this.hash_key == "ownerId" && aws_dynamodb_table.this.range_key == "photoId" &&
      one(aws_dynamodb_table.this.point_in_time_recovery).enabled &&
      one(aws_dynamodb_table.this.server_side_encryption).kms_key_arn == var.kms_key_arn &&
      aws_dynamodb_table.this.deletion_protection_enabled
    )
    error_message = "photos: on-demand, ownerId/photoId keys, PITR, CMK encryption and deletion protection."
  }
}

run "table_ingest_events_expires_items_by_ttl" {
  module {
    source = "./modules/table"
  }

  variables {
    name          = "shoebox-test-ingest-events"
    hash_key      = "ownerId"
    range_key     = "eventId"
    attributes    = { ownerId = "S", eventId = "S" }
    ttl_attribute = "expiresAt"
    kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  assert {
    condition     = one(aws_dynamodb_table.this.ttl).attribute_name == "expiresAt" && one(aws_dynamodb_table.this.ttl).enabled && aws_dynamodb_table.this.range_key == "eventId"
    error_message = "ingest-events: keyed per owner, TTL on expiresAt."
  }
}

run "kms_key_rotates_and_its_account_administers_it" {
  module {
    source = "./modules/kms_key"
  }

  variables {
    alias       = "shoebox-test"
    description = "test key"
    account_id  = "123456789012"
    policy_json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_alias.this.name == "alias/shoebox-test"
    error_message = "The key rotates and has the alias."
  }

  # The statement as written (the mocked provider renders no JSON; iam.tftest.hcl and
  # on_call.tftest.hcl assert the rendered policies).
  assert {
    condition = (
      one(data.aws_iam_policy_document.account_administers.statement).sid == "AccountAdministers" &&
      one(data.aws_iam_policy_document.account_administers.statement).actions == toset(["kms:*"]) &&
      one(data.aws_iam_policy_document.account_administers.statement).resources == toset(["*"]) &&
      one(data.aws_iam_policy_document.account_administers.statement).principals == toset([{ type = "AWS", identifiers = toset(["arn:aws:iam::123456789012:root"]) }])
    )
    error_message = "The account's root administers the key (kms:* on the key), which delegates access control to IAM."
  }

  assert {
    condition = (
      data.aws_iam_policy_document.key.source_policy_documents == tolist([data.aws_iam_policy_document.account_administers.json, var.policy_json]) &&
      aws_kms_key.this.policy == data.aws_iam_policy_document.key.json &&
      output.policy_json == aws_kms_key.this.policy
    )
    error_message = "The key policy is the account's statement, then policy_json's."
  }
}

run "secret_is_encrypted_with_the_given_key_and_keeps_no_value_unless_given" {
  module {
    source = "./modules/secret"
  }

  variables {
    name        = "shoebox-test/delivery-database-url"
    description = "the delivery database URL"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  assert {
    condition = (
      aws_secretsmanager_secret.this.name == "shoebox-test/delivery-database-url" &&
      aws_secretsmanager_secret.this.kms_key_id == var.kms_key_arn &&
      aws_secretsmanager_secret.this.recovery_window_in_days == 7
    )
    error_message = "The secret is encrypted with the customer-managed key and can be restored for 7 days."
  }

  assert {
    condition     = length(aws_secretsmanager_secret_version.this) == 0 && !output.has_initial_value
    error_message = "Without initial_value Terraform writes no value (its owner puts it, outside the state)."
  }
}

run "secret_writes_a_given_initial_value" {
  module {
    source = "./modules/secret"
  }

  variables {
    name          = "shoebox-test/delivery-database-url"
    description   = "the delivery database URL"
    kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    initial_value = "postgresql://shoebox:secret@db.example.com:5432/receipts"
  }

  assert {
    condition = (
      length(aws_secretsmanager_secret_version.this) == 1 &&
      aws_secretsmanager_secret_version.this[0].secret_id == aws_secretsmanager_secret.this.id &&
      aws_secretsmanager_secret_version.this[0].secret_string == var.initial_value &&
      output.has_initial_value
    )
    error_message = "initial_value is written as the secret's first value."
  }
}
