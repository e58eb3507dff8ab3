# Least-privilege check on the real policy JSON. The real aws provider renders
# aws_iam_policy_document locally (no API call), so this file uses it with fake credentials
# and plan-only runs; ARNs are made known at plan time with override_during = plan.
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

override_data {
  target = data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

# The state machine module's own lookup (its role's trust policy names the account).
override_data {
  target = module.receipt_workflow.data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

# Each function module's own lookup (its role's trust policy names the function's ARN).
override_data {
  target = module.function["uploads-api"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["photos-api"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipts-api"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["review-request"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["reviews-api"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["thumbnail"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["event-ingest"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-starter"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-extract"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-reader"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-validate"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-transform"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["archive-fanout"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

override_data {
  target = module.function["receipt-delivery"].data.aws_caller_identity.current
  values = { account_id = "123456789012", arn = "arn:aws:iam::123456789012:user/test", user_id = "test" }
}

# Known ARNs at plan time, so the policy documents render to real JSON.
override_resource {
  target          = module.kms_key.aws_kms_key.this
  override_during = plan
  values          = { id = "1111aaaa-2222-bbbb-3333-cccc4444dddd", arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd", key_id = "1111aaaa-2222-bbbb-3333-cccc4444dddd" }
}

override_resource {
  target          = module.bucket["uploads"].aws_s3_bucket.this
  override_during = plan
  values          = { arn = "arn:aws:s3:::shoebox-test-euw1-uploads-123456789012", id = "shoebox-test-euw1-uploads-123456789012" }
}

override_resource {
  target          = module.bucket["thumbnails"].aws_s3_bucket.this
  override_during = plan
  values          = { arn = "arn:aws:s3:::shoebox-test-euw1-thumbnails-123456789012", id = "shoebox-test-euw1-thumbnails-123456789012" }
}

override_resource {
  target          = module.table["photos"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos" }
}

override_resource {
  target          = module.table["ingest-events"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-ingest-events" }
}

override_resource {
  target          = module.table["batches"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches" }
}

override_resource {
  target          = module.table["receipts"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts" }
}

override_resource {
  target          = module.table["profiles"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-profiles" }
}

override_resource {
  target          = module.table["limits"].aws_dynamodb_table.this
  override_during = plan
  values          = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-limits" }
}

override_resource {
  target          = module.queue["receipt-starter"].aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter" }
}

override_resource {
  target          = module.delivery_database_secret.aws_secretsmanager_secret.this
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shoebox-test/delivery-database-url-AbCdEf" }
}

override_resource {
  target          = module.queue["receipt-delivery"].aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery" }
}

override_resource {
  target          = module.function["receipt-extract"].aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract" }
}

override_resource {
  target          = module.function["receipt-reader"].aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-reader" }
}

override_resource {
  target          = module.function["receipt-validate"].aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate" }
}

override_resource {
  target          = module.function["receipt-transform"].aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform" }
}

override_resource {
  target          = module.function["review-request"].aws_lambda_function.this
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request" }
}

# The provider validates a known definition with the SFN API at plan; the definition itself is
# tested in root.tftest.hcl.
override_resource {
  target          = module.receipt_workflow.aws_sfn_state_machine.this
  override_during = plan
  values          = { arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" }
}

override_resource {
  target          = module.queue["uploads"].aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads" }
}

override_resource {
  target          = module.queue["archives"].aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives" }
}

override_resource {
  target          = module.queue["ingest"].aws_sqs_queue.this
  override_during = plan
  values          = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest" }
}

override_resource {
  target          = module.topic["events"].aws_sns_topic.this
  override_during = plan
  values          = { arn = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events" }
}

variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
  jwt_issuer         = "https://auth.example.com/"
  jwt_audience       = ["shoebox-web"]
}

# Every (action, resource) pair a policy grants, from the rendered JSON. Action and Resource may
# be a string or a list in IAM JSON, hence flatten([...]).
run "uploads_api_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["uploads-api"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "s3:PutObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:PutObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/archives/*",
      # PENDING photos in chunks of 25; a new batch (PutItem) or more files for it (UpdateItem).
      "dynamodb:BatchWriteItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:PutItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      # Per-user limits: conditional ADDs on the caller's request window and day.
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-limits",
      # SSE-KMS presigned POSTs (GenerateDataKey) and the encrypted tables (Decrypt).
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The uploads-api policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["uploads-api"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The uploads-api policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "photos_api_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["photos-api"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "dynamodb:Query arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      # DELETE /photos/{id}: the item goes last, conditional on its being there.
      "dynamodb:DeleteItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      # The per-user request limit: a conditional ADD on the caller's request window.
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-limits",
      # Presigned thumbnail GETs, and a deleted photo's thumbnails: that prefix only.
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-thumbnails-123456789012/thumbnails/*",
      "s3:DeleteObject arn:aws:s3:::shoebox-test-euw1-thumbnails-123456789012/thumbnails/*",
      # The original's download (the version decided on) and a deleted photo's original: uploads/
      # only, never archives/. No s3:DeleteObjectVersion: a DELETE leaves a delete marker.
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:GetObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:DeleteObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      # Whether a receipt's workflow still runs: the executions of that one state machine.
      "states:DescribeExecution arn:aws:states:eu-west-1:123456789012:execution:shoebox-test-receipt-workflow:*",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The photos-api policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["photos-api"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The photos-api policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "receipts_api_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["receipts-api"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      # A page and an export are Queries of the caller's RECEIPT# items; nothing is written there.
      "dynamodb:Query arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      # The per-user request limit: a conditional ADD on the caller's request window.
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-limits",
      # The CMK-encrypted tables.
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipts-api policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["receipts-api"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The receipts-api policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "receipt_extract_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["receipt-extract"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      # Textract's expense actions have no resource-level permissions.
      "textract:AnalyzeExpense *",
      "textract:StartExpenseAnalysis *",
      "textract:GetExpenseAnalysis *",
      # Textract reads the original with the caller's permissions, at the version the workflow names.
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:GetObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipt-extract policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = !contains(keys(module.function), "receipt-reader")
    error_message = "With receipt_reader = \"textract\" (the default) the offline reader is not deployed."
  }
}

run "receipt_reader_policy_grants_exactly_least_privilege" {
  command = plan

  variables {
    receipt_reader = "local"
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["receipt-reader"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:GetObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipt-reader policy must grant exactly its least-privilege (action, resource) set: no Textract."
  }

  assert {
    condition     = !contains(keys(module.function), "receipt-extract")
    error_message = "With receipt_reader = \"local\" the Textract function is not deployed."
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(data.aws_iam_policy_document.receipt_workflow.json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"] if startswith(flatten([statement.Action])[0], "lambda:")
      ]
      ])) == toset([
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-reader",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-reader:*",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate:*",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform:*",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request:*",
    ])
    error_message = "The workflow invokes the offline reader for Extract when receipt_reader = \"local\"."
  }
}

run "thumbnail_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["thumbnail"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:GetObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:DeleteObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:ListBucket arn:aws:s3:::shoebox-test-euw1-uploads-123456789012",
      "s3:PutObject arn:aws:s3:::shoebox-test-euw1-thumbnails-123456789012/thumbnails/*",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "sns:Publish arn:aws:sns:eu-west-1:123456789012:shoebox-test-events",
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-uploads",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The thumbnail policy must grant exactly its least-privilege (action, resource) set."
  }

  # A GetObject request has no s3:prefix key: a grant conditioned on it would never turn a
  # missing key into NoSuchKey.
  assert {
    condition = alltrue([
      for statement in jsondecode(module.function["thumbnail"].access_policy_json).Statement : !can(statement.Condition)
      if contains(flatten([statement.Action]), "s3:ListBucket")
    ])
    error_message = "The thumbnail function's s3:ListBucket must be unconditioned, or a missing original reads as AccessDenied."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["thumbnail"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The thumbnail policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "event_ingest_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["event-ingest"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "dynamodb:PutItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-ingest-events",
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest",
      # Receiving from the encrypted queue and writing the encrypted table need only Decrypt.
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The event-ingest policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["event-ingest"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The event-ingest policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "receipt_starter_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["receipt-starter"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "states:StartExecution arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter",
      # The encrypted queue and table; StartExecution needs no key permission of the caller.
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipt-starter policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["receipt-starter"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The receipt-starter policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "archive_fanout_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["archive-fanout"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/archives/*",
      # HeadObject of an entry already written (a replay) is authorised as s3:GetObject.
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:ListBucket arn:aws:s3:::shoebox-test-euw1-uploads-123456789012",
      "s3:PutObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "dynamodb:PutItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-photos",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives",
      # Continuations of archives longer than one invocation's share.
      "sqs:SendMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-archives",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The archive-fanout policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(module.function["archive-fanout"].access_policy_json).Statement : !can(statement.Condition)
      if contains(flatten([statement.Action]), "s3:ListBucket")
    ])
    error_message = "archive-fanout's s3:ListBucket must be unconditioned (GetObject/HeadObject requests have no s3:prefix), or a missing object reads as AccessDenied."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["archive-fanout"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The archive-fanout policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "receipt_delivery_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["receipt-delivery"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:GetQueueUrl arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:123456789012:secret:shoebox-test/delivery-database-url-AbCdEf",
      # A row the customer's database refuses is recorded FAILED, counted and announced.
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "sns:Publish arn:aws:sns:eu-west-1:123456789012:shoebox-test-events",
      # The encrypted queue and the secret (Secrets Manager decrypts with the caller's rights),
      # the CMK tables and the encrypted topic.
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipt-delivery policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(module.function["receipt-delivery"].access_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The receipt-delivery policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "receipt_task_functions_get_no_policy_beyond_logging_and_tracing" {
  command = plan

  assert {
    condition     = toset([for name, function in module.function : name if function.access_policy_json != null]) == setsubtract(keys(local.functions), ["receipt-validate", "receipt-transform"])
    error_message = "receipt-validate and receipt-transform call no AWS API: they must have no access policy, every other function must have one."
  }
}

run "receipt_workflow_role_grants_exactly_what_its_tasks_need" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(data.aws_iam_policy_document.receipt_workflow.json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract:*",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate:*",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform:*",
      # AwaitReview's task (review-request, with its task token).
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request",
      "lambda:InvokeFunction arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request:*",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-profiles",
      "dynamodb:PutItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-batches",
      "sqs:SendMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sns:Publish arn:aws:sns:eu-west-1:123456789012:shoebox-test-events",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The receipt workflow's task policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.receipt_workflow.runtime_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "logs:CreateLogDelivery *",
      "logs:GetLogDelivery *",
      "logs:UpdateLogDelivery *",
      "logs:DeleteLogDelivery *",
      "logs:ListLogDeliveries *",
      "logs:PutResourcePolicy *",
      "logs:DescribeResourcePolicies *",
      "logs:DescribeLogGroups *",
      "xray:PutTraceSegments *",
      "xray:PutTelemetryRecords *",
      "xray:GetSamplingRules *",
      "xray:GetSamplingTargets *",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The state machine's runtime policy must grant exactly log delivery and X-Ray (neither supports resource-level permissions) and the use of the project's key."
  }

  assert {
    condition = jsonencode({
      for statement in jsondecode(module.receipt_workflow.runtime_policy_json).Statement : statement.Sid => statement.Condition
      if can(statement.Condition)
      }) == jsonencode({
      EncryptStateMachineData = { StringEquals = { "kms:EncryptionContext:aws:states:stateMachineArn" = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" } }
      EncryptDeliveredLogs    = { StringEquals = { "kms:EncryptionContext:SourceArn" = "arn:aws:logs:eu-west-1:123456789012:*" } }
    })
    error_message = "The role may use the key only for this state machine's data and for its delivered logs."
  }

  assert {
    condition = alltrue([
      for policy in [data.aws_iam_policy_document.receipt_workflow.json, module.receipt_workflow.runtime_policy_json] :
      alltrue([for statement in jsondecode(policy).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    ])
    error_message = "The state machine's policies must only use plain Allow statements (no NotAction/NotResource)."
  }

  assert {
    condition = jsondecode(module.receipt_workflow.assume_role_policy_json).Statement == [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "states.amazonaws.com" }
      Condition = {
        StringEquals = { "aws:SourceAccount" = "123456789012" }
        ArnLike      = { "aws:SourceArn" = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow" }
      }
    }]
    error_message = "Only Step Functions, for this state machine in this account, may assume the state machine role."
  }
}

run "api_gateway_send_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(data.aws_iam_policy_document.api_gateway_send.json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "sqs:SendMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-ingest",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The the API Gateway SQS role policy must grant exactly its least-privilege (action, resource) set."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(data.aws_iam_policy_document.api_gateway_send.json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource)])
    error_message = "The the API Gateway SQS role policy must only use plain Allow statements (no NotAction/NotResource)."
  }
}

run "notified_queue_policies_only_let_the_uploads_bucket_send" {
  command = plan

  assert {
    condition = alltrue([for name in ["uploads", "archives"] :
      jsondecode(data.aws_iam_policy_document.bucket_notification_queue[name].json).Statement == [{
        Sid       = "S3UploadsBucketSendsEvents"
        Effect    = "Allow"
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-${name}"
        Principal = { Service = "s3.amazonaws.com" }
        Condition = {
          ArnEquals    = { "aws:SourceArn" = "arn:aws:s3:::shoebox-test-euw1-uploads-123456789012" }
          StringEquals = { "aws:SourceAccount" = "123456789012" }
        }
      }]
    ])
    error_message = "Only s3.amazonaws.com, for the uploads bucket in this account, may send to the uploads and archives queues."
  }
}

run "receipt_starter_queue_policy_only_lets_the_events_topic_send" {
  command = plan

  assert {
    condition = jsondecode(data.aws_iam_policy_document.subscribed_queue["receipt-starter"].json).Statement == [{
      Sid       = "SnsTopicDelivers"
      Effect    = "Allow"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-starter"
      Principal = { Service = "sns.amazonaws.com" }
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events" } }
    }]
    error_message = "Only sns.amazonaws.com, for the events topic, may send to the receipt-starter queue."
  }
}

run "kms_key_policy_grants_services_only_what_they_need" {
  command = plan

  assert {
    condition = jsonencode({
      for statement in jsondecode(module.kms_key.policy_json).Statement : statement.Sid => sort(flatten([statement.Action]))
      }) == jsonencode({
      AccountAdministers             = ["kms:*"]
      S3NotifiesEncryptedQueues      = ["kms:Decrypt", "kms:GenerateDataKey"]
      SnsDeliversToEncryptedQueues   = ["kms:Decrypt", "kms:GenerateDataKey"]
      CloudWatchLogsEncryptLogGroups = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      CloudWatchLogsDeliveryDecrypts = ["kms:Decrypt"]
    })
    error_message = "The key policy must have exactly the admin, S3, SNS, CloudWatch Logs and log delivery statements."
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.kms_key.policy_json).Statement : flatten([statement.Principal.Service]) if can(statement.Principal.Service)
    ])) == toset(["s3.amazonaws.com", "sns.amazonaws.com", "logs.eu-west-1.amazonaws.com", "delivery.logs.amazonaws.com"])
    error_message = "Only S3, SNS, the regional CloudWatch Logs service and log delivery may use the key as services."
  }

  # Every service statement is scoped: a service may use the key only on behalf of this stack's
  # resources (confused-deputy guard), never for anyone's bucket, topic or log group.
  assert {
    condition = jsonencode({
      for statement in jsondecode(module.kms_key.policy_json).Statement : statement.Sid => statement.Condition
      if can(statement.Principal.Service)
      }) == jsonencode({
      S3NotifiesEncryptedQueues = {
        ArnEquals    = { "aws:SourceArn" = "arn:aws:s3:::shoebox-test-euw1-uploads-123456789012" }
        StringEquals = { "aws:SourceAccount" = "123456789012" }
      }
      SnsDeliversToEncryptedQueues = {
        ArnEquals    = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-events" }
        StringEquals = { "aws:SourceAccount" = "123456789012" }
      }
      CloudWatchLogsEncryptLogGroups = {
        ArnLike = { "kms:EncryptionContext:aws:logs:arn" = [
          "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/shoebox-test-*",
          "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/shoebox-test-*",
          "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/shoebox-test-*",
        ] }
      }
      CloudWatchLogsDeliveryDecrypts = { StringEquals = { "kms:EncryptionContext:SourceArn" = "arn:aws:logs:eu-west-1:123456789012:*" } }
    })
    error_message = "S3 may use the key only for the uploads bucket, SNS only for the subscribed topic, CloudWatch Logs only for this stack's log groups, log delivery only for this account's logs in this region."
  }
}

run "function_roles_trust_only_lambda_for_their_own_function" {
  command = plan

  assert {
    condition = alltrue([
      for name, function in module.function :
      jsondecode(function.assume_role_policy_json).Statement == [{
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "lambda.amazonaws.com" }
        Condition = {
          StringEquals = { "aws:SourceAccount" = "123456789012" }
          ArnLike      = { "aws:SourceArn" = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-${name}" }
        }
      }]
    ])
    error_message = "Each function's role may be assumed only by Lambda, for that function in this account."
  }

  # The log group's ARN is computed from its name (so the policy renders before it exists).
  assert {
    condition = alltrue([
      for name, function in module.function :
      one([for statement in jsondecode(function.runtime_policy_json).Statement : statement.Resource if statement.Sid == "WriteOwnLogGroup"]) ==
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/shoebox-test-${name}:*"
    ])
    error_message = "Each function may write only to its own log group."
  }

  assert {
    condition = jsondecode(data.aws_iam_policy_document.api_gateway_assume_role.json).Statement == [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "apigateway.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
    error_message = "The API Gateway SQS role may be assumed only by API Gateway on behalf of this account."
  }
}

run "functions_run_outside_any_vpc_by_default" {
  command = plan

  assert {
    condition     = alltrue([for function in module.function : function.vpc_config == null && !strcontains(function.runtime_policy_json, "ec2:")])
    error_message = "Without delivery_subnet_ids no function runs in a VPC or holds network interface permissions."
  }
}

run "receipt_delivery_in_a_vpc_gets_the_network_interface_permissions" {
  command = plan

  variables {
    delivery_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    delivery_security_group_ids = ["sg-0123456789abcdef0"]
  }

  assert {
    condition = (
      module.function["receipt-delivery"].vpc_config.subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]) &&
      module.function["receipt-delivery"].vpc_config.security_group_ids == toset(["sg-0123456789abcdef0"])
    )
    error_message = "receipt-delivery runs in the given subnets with the given security groups."
  }

  assert {
    condition = one([
      for statement in jsondecode(module.function["receipt-delivery"].runtime_policy_json).Statement :
      { actions = toset(flatten([statement.Action])), resources = flatten([statement.Resource]) }
      if statement.Sid == "ManageVpcNetworkInterfaces"
      ]) == {
      actions = toset([
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ])
      resources = ["*"]
    }
    error_message = "In a VPC, receipt-delivery's role holds exactly the network interface actions Lambda needs (AWSLambdaVPCAccessExecutionRole's EC2 actions)."
  }

  assert {
    condition = alltrue([
      for name, function in module.function : function.vpc_config == null && !strcontains(function.runtime_policy_json, "ec2:")
      if name != "receipt-delivery"
    ])
    error_message = "Only receipt-delivery runs in the customer's VPC."
  }
}

run "pull_mode_outputs_the_agents_least_privilege_policy" {
  command = plan

  variables {
    delivery_mode = "pull"
  }

  assert {
    condition = toset(flatten([
      for statement in jsondecode(output.delivery_agent_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "sqs:ReceiveMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:DeleteMessage arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:GetQueueAttributes arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      "sqs:GetQueueUrl arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery",
      # Receiving from the encrypted queue.
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The pull agent's policy must grant exactly consuming the delivery queue and decrypting it."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(output.delivery_agent_policy_json).Statement : statement.Effect == "Allow" && !can(statement.NotAction) && !can(statement.NotResource) && !can(statement.Principal)])
    error_message = "The pull agent's policy is a plain identity policy (Allow only, no NotAction/NotResource/Principal)."
  }
}

run "push_mode_outputs_no_agent_policy" {
  command = plan

  assert {
    condition     = output.delivery_agent_policy_json == null
    error_message = "With delivery_mode = \"push\" there is no agent, so no agent policy."
  }
}

run "review_request_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["review-request"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      # The REVIEW# item and the receipt's IN_REVIEW status, each one conditional update.
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      # review.requested / review.escalated.
      "sns:Publish arn:aws:sns:eu-west-1:123456789012:shoebox-test-events",
      # The CMK-encrypted table and topic.
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The review-request policy must grant exactly its least-privilege (action, resource) set."
  }
}

run "reviews_api_policy_grants_exactly_least_privilege" {
  command = plan

  assert {
    condition = toset(flatten([
      for statement in jsondecode(module.function["reviews-api"].access_policy_json).Statement : [
        for action in flatten([statement.Action]) : [for resource in flatten([statement.Resource]) : "${action} ${resource}"]
      ]
      ])) == toset([
      "dynamodb:Query arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:GetItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-receipts",
      # The presigned GET of the original, by its version.
      "s3:GetObject arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      "s3:GetObjectVersion arn:aws:s3:::shoebox-test-euw1-uploads-123456789012/uploads/*",
      # The answer to the waiting task: these actions have no resource type, so "*" (the token is the capability).
      "states:SendTaskSuccess *",
      "states:SendTaskFailure *",
      "states:SendTaskHeartbeat *",
      "dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:123456789012:table/shoebox-test-limits",
      "kms:GenerateDataKey arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
      "kms:Decrypt arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
    ])
    error_message = "The reviews-api policy must grant exactly its least-privilege (action, resource) set."
  }
}
