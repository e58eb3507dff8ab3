data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.function_name
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

# What the function's code may do: built by the caller next to the resources it protects.
# None for a function that calls no AWS API (e.g. a pure Step Functions task).
resource "aws_iam_role_policy" "this" {
  count = var.attach_policy_json ? 1 : 0

  name   = "${var.function_name}-access"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

# What every function needs to run: write to its own log group and send X-Ray traces.
data "aws_iam_policy_document" "runtime" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  statement {
    sid = "SendTraces"
    #checkov:skip=CKV_AWS_356:X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

moved {
  from = aws_iam_role_policy.this
  to   = aws_iam_role_policy.this[0]
}

resource "aws_iam_role_policy" "runtime" {
  name   = "${var.function_name}-runtime"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.runtime.json
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The functions only call AWS APIs (S3, DynamoDB, SQS, SNS); a VPC would add NAT/endpoint cost and cold-start latency without protecting anything.
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile in the release pipeline; artifacts are pinned by source_code_hash from the build manifest instead.
  #checkov:skip=CKV_AWS_116:SQS-triggered functions get failed messages redriven to the SQS DLQ; API-triggered functions are synchronous, so a Lambda DLQ would never receive anything.
  #checkov:skip=CKV_AWS_115:Concurrency is bounded per event source (maximum_concurrency on the SQS mappings) and by API throttling; reserved concurrency would carve up the account pool.
  function_name    = var.function_name
  description      = var.description
  role             = aws_iam_role.this.arn
  filename         = var.filename
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]
  timeout          = var.timeout
  memory_size      = var.memory_size
  kms_key_arn      = var.kms_key_arn

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = var.tags

  # The log group must exist first, or Lambda creates an unencrypted one without retention.
  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy.runtime,
    aws_iam_role_policy.this,
  ]
}
