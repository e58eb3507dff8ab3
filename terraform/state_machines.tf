# The receipt workflow (asl/receipt-workflow.asl.json). Its ARN is computed from its name, so
# receipt-starter, IAM and runtime_config carry the same well-formed ARN whether or not the
# state machine is created (the local stack leaves it out in its override file and runs the
# definition itself).
locals {
  receipt_workflow_name = "${local.name_prefix}-receipt-workflow"
  receipt_workflow_arn  = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${local.receipt_workflow_name}"

  # The placeholders of the ASL file (asl/README.md). templatefile fails on a missing one and
  # ignores extra ones, so batches_table may be passed before the file uses it.
  receipt_workflow_template_values = {
    extract_function_arn   = module.function[local.receipt_reader_function].arn
    validate_function_arn  = module.function["receipt-validate"].arn
    transform_function_arn = module.function["receipt-transform"].arn
    receipts_table         = module.table["receipts"].name
    profiles_table         = module.table["profiles"].name
    batches_table          = module.table["batches"].name
    events_topic_arn       = module.topic["events"].arn
    delivery_queue_url     = module.queue["receipt-delivery"].url
    map_max_concurrency    = tostring(var.receipt_workflow_map_max_concurrency)
    # Human review (issue 15): the AwaitReview task's function and the review timings.
    review_request_function_arn = module.function["review-request"].arn
    review_remind_after_seconds = tostring(var.review_remind_after_seconds)
    review_deadline_seconds     = tostring(var.review_deadline_seconds)
    review_max_seconds          = tostring(var.review_max_seconds)
    review_on_deadline          = var.review_on_deadline
    # Service integration resources (arn:<partition>:states:::lambda:invoke, ...) carry the
    # partition: aws-us-gov and aws-cn refuse the aws one.
    partition = local.partition
  }
  receipt_workflow_definition = templatefile("${path.module}/../asl/receipt-workflow.asl.json", local.receipt_workflow_template_values)

  # Task functions of the workflow, by the key the local runtime knows them by.
  receipt_workflow_functions = [local.receipt_reader_function, "receipt-validate", "receipt-transform", "review-request"]
}

# One statement per kind of task in the definition.
data "aws_iam_policy_document" "receipt_workflow" {
  # Extract, Validate and Transform (lambda:invoke); ":*" covers a qualified (version/alias) invocation.
  statement {
    sid     = "InvokeTaskFunctions"
    actions = ["lambda:InvokeFunction"]
    resources = flatten([
      for name in local.receipt_workflow_functions : [module.function[name].arn, "${module.function[name].arn}:*"]
    ])
  }

  # FindByHash, FindByMatch (receipts), GetProfile and GetCategoryRule (profiles).
  statement {
    sid       = "LookUpReceiptsAndProfiles"
    actions   = ["dynamodb:GetItem"]
    resources = [module.table["receipts"].arn, module.table["profiles"].arn]
  }

  # StoreReceipt is a transactWriteItems of conditional Puts; RecordFailure is an updateItem.
  statement {
    sid       = "StoreReceipts"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [module.table["receipts"].arn]
  }

  # Batch counters (processed receipts per upload batch).
  statement {
    sid       = "CountOnBatches"
    actions   = ["dynamodb:UpdateItem"]
    resources = [module.table["batches"].arn]
  }

  statement {
    sid       = "DeliverReceipts"
    actions   = ["sqs:SendMessage"]
    resources = [module.queue["receipt-delivery"].arn]
  }

  statement {
    sid       = "PublishReceiptEvents"
    actions   = ["sns:Publish"]
    resources = [module.topic["events"].arn]
  }

  # The delivery queue and the events topic are encrypted with the key.
  statement {
    sid       = "UseKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.kms_key.arn]
  }
}

# STANDARD: exactly-once per upload (executions are named after the photo), 90-day history and
# redrive; see asl/README.md, "STANDARD, and when EXPRESS would be the better choice".
module "receipt_workflow" {
  source = "./modules/state_machine"

  name = local.receipt_workflow_name
  # IAM role names are account-global: the region code keeps two regions apart.
  role_name              = "${local.global_name_prefix}-receipt-workflow"
  type                   = "STANDARD"
  definition             = local.receipt_workflow_definition
  policy_json            = data.aws_iam_policy_document.receipt_workflow.json
  kms_key_arn            = module.kms_key.arn
  log_level              = var.receipt_workflow_log_level
  include_execution_data = true
  log_retention_days     = var.log_retention_days
}
