data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # The ARN AWS gives a state machine of this name. Callers may compute it the same way before
  # the state machine exists (or where it is not created); the postcondition keeps both honest.
  arn = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stateMachine:${var.name}"
}

# Only Step Functions, for this state machine in this account, may assume the role
# (confused-deputy guard).
data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    # The state machine's ARN is computed from its name, so naming it here makes no cycle.
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.arn]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = coalesce(var.role_name, var.name)
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

# What the definition's tasks may do: built by the caller next to the resources it protects.
resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-tasks"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

# What every state machine needs to run: vended log delivery to its log group and X-Ray.
data "aws_iam_policy_document" "runtime" {
  # "*": the log-delivery and X-Ray actions support no resource-level permissions (AWS documents
  # exactly this statement for Step Functions logging). checkov 3.3 knows these actions and
  # passes CKV_AWS_356/111/109 here, so no skip is needed.
  statement {
    sid = "DeliverLogs"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "SendTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }

  # Step Functions uses the key with this role's credentials, for this state machine only. No
  # kms:ViaService condition: AWS warns it can stop executions from starting.
  statement {
    sid       = "EncryptStateMachineData"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:states:stateMachineArn"
      values   = [local.arn]
    }
  }

  # Execution logs of an encrypted state machine are encrypted for CloudWatch Logs delivery.
  statement {
    sid       = "EncryptDeliveredLogs"
    actions   = ["kms:GenerateDataKey"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

resource "aws_iam_role_policy" "runtime" {
  name   = "${var.name}-runtime"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.runtime.json
}

# The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy Step Functions writes
# under its size limit (AWS guidance for vended logs).
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_sfn_state_machine" "this" {
  name       = var.name
  type       = var.type
  role_arn   = aws_iam_role.this.arn
  definition = var.definition

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = var.include_execution_data
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  # Definition and execution history under the project's key, on top of AWS's own encryption.
  # Callers of StartExecution need no key permission; DescribeExecution, GetExecutionHistory and
  # DescribeStateMachine need kms:Decrypt (operators), and the deployer kms:DescribeKey,
  # GenerateDataKey and Decrypt.
  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = var.kms_key_arn
    kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  }

  tags = var.tags

  lifecycle {
    postcondition {
      condition     = self.arn == local.arn
      error_message = "The state machine's ARN is not arn:<partition>:states:<region>:<account>:stateMachine:<name>, which callers compute from its name."
    }
  }

  # Step Functions checks on create that the role may run the tasks and deliver the logs.
  depends_on = [
    aws_iam_role_policy.this,
    aws_iam_role_policy.runtime,
  ]
}

# It was counted while the local emulator could not create it; states applied then keep it.
moved {
  from = aws_sfn_state_machine.this[0]
  to   = aws_sfn_state_machine.this
}
