# The role API Gateway assumes for SQS routes: it may only send to the queues those routes target.
# Only API Gateway, on behalf of this account, may assume it. No aws:SourceArn: the API's ARN
# holds its generated id, and the API's integrations need this role first (a cycle).
data "aws_iam_policy_document" "api_gateway_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

locals {
  http_sqs_queues = toset([for route in values(local.http_routes) : route.queue if route.type == "sqs"])
}

data "aws_iam_policy_document" "api_gateway_send" {
  statement {
    sid       = "SendToRouteQueues"
    actions   = ["sqs:SendMessage"]
    resources = [for queue in local.http_sqs_queues : module.queue[queue].arn]
  }

  # SendMessage to a KMS-encrypted queue needs both, with this role's permissions.
  statement {
    sid       = "EncryptMessages"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.kms_key.arn]
  }
}

resource "aws_iam_role" "api_gateway_sqs" {
  name               = "${local.global_name_prefix}-api-sqs"
  assume_role_policy = data.aws_iam_policy_document.api_gateway_assume_role.json
}

resource "aws_iam_role_policy" "api_gateway_sqs" {
  name   = "${local.name_prefix}-api-sqs-send"
  role   = aws_iam_role.api_gateway_sqs.id
  policy = data.aws_iam_policy_document.api_gateway_send.json
}

module "http_api" {
  source = "./modules/http_api"

  name   = "${local.name_prefix}-http"
  routes = local.http_routes

  # The user pool's or the external provider's (cognito.tf); the site's origin and those given
  # (web.tf).
  jwt_issuer           = local.jwt_issuer
  jwt_audience         = local.jwt_audience
  cors_allowed_origins = local.cors_allowed_origins

  lambda_integrations = {
    for name in toset([for route in values(local.http_routes) : route.function if route.type == "lambda"]) :
    name => {
      function_name = module.function[name].function_name
      invoke_arn    = module.function[name].invoke_arn
    }
  }

  sqs_integrations = {
    for queue in local.http_sqs_queues : queue => {
      queue_url          = module.queue[queue].url
      credentials_arn    = aws_iam_role.api_gateway_sqs.arn
      message_attributes = local.http_sqs_message_attributes
    }
  }

  throttling_burst_limit = var.api_throttling_burst_limit
  throttling_rate_limit  = var.api_throttling_rate_limit
  kms_key_arn            = module.kms_key.arn
  log_retention_days     = var.log_retention_days

  # The role's policy must be in place before API Gateway is told to use it.
  depends_on = [aws_iam_role_policy.api_gateway_sqs]
}
