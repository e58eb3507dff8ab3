data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # The ARNs AWS gives a function of this name and its log group, known before they exist (the
  # role and its policies come first), so the policies render at plan time.
  function_arn  = "arn:${data.aws_partition.current.partition}:lambda:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:function:${var.function_name}"
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:${aws_cloudwatch_log_group.this.name}"
  in_vpc        = length(var.vpc_subnet_ids) > 0
}

# Only Lambda, for this function in this account, may assume the role (confused-deputy guard).
data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.function_arn]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = coalesce(var.role_name, var.function_name)
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

# What the function's code may do: the caller's policy, built next to the resources it protects,
# plus the key actions its calls need (every data store shares the one key, so the statement is
# written here once rather than in each caller's policy). None for a function that calls no AWS
# API (e.g. a pure Step Functions task).
data "aws_iam_policy_document" "access" {
  count = var.attach_policy_json ? 1 : 0

  source_policy_documents = [var.policy_json]

  dynamic "statement" {
    for_each = length(var.kms_key_actions) > 0 ? [1] : []
    content {
      sid       = "UseKey"
      actions   = var.kms_key_actions
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "this" {
  count = var.attach_policy_json ? 1 : 0

  name   = "${var.function_name}-access"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access[0].json
}

# What every function needs to run: write to its own log group and send X-Ray traces.
data "aws_iam_policy_document" "runtime" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }

  statement {
    sid = "SendTraces"
    #checkov:skip=CKV_AWS_356:X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  # In a VPC, Lambda creates and deletes the function's network interfaces with this role
  # (the EC2 actions of AWSLambdaVPCAccessExecutionRole, v3). Describe* supports no resource-level
  # permissions, and the interfaces' ids are not known in advance: AWS documents "*".
  dynamic "statement" {
    for_each = local.in_vpc ? [1] : []
    content {
      sid = "ManageVpcNetworkInterfaces"
      actions = [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ]
      resources = ["*"]
    }
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
  #checkov:skip=CKV_AWS_117:A VPC is optional (vpc_subnet_ids): functions that only call AWS APIs gain nothing from one but NAT/endpoint cost; a function that must reach a private network (receipt-delivery) is given subnets.
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

  # The runtime policy grants the ENI permissions Lambda needs in a VPC.
  dynamic "vpc_config" {
    for_each = local.in_vpc ? [1] : []
    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = var.vpc_security_group_ids
    }
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
