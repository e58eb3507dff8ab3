# Shared mock defaults: ARNs look like ARNs and policy documents are valid JSON, so anything
# that parses them (jsondecode, ARN validations) behaves as it would against AWS.
#
# Every test file that mocks the provider reads this file: what all of them need is here, what
# one file needs stays in it. A test file cannot include another, so each still declares its
# mock_provider, its variables and any real (offline) provider itself; variables cannot come from
# a tests/*.tfvars either, as that reaches every run of every file, the modules' own runs too
# (modules/lambda_function's environment is a map, the root's a string).

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/test"
    user_id    = "AIDATEST"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    key_id = "1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::mock-bucket"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:mock-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/mock-queue"
  }
}

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/mock-table"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mock-topic"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock-role"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:mock"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mock/invocations"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:mockapi"
    api_endpoint  = "https://mockapi.execute-api.eu-west-1.amazonaws.com"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    invoke_url = "https://mockapi.execute-api.eu-west-1.amazonaws.com/"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mock"
  }
}

# The name the root configuration gives the receipt workflow, so its computed ARN matches.
mock_resource "aws_sfn_state_machine" {
  defaults = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-test-receipt-workflow"
  }
}

mock_resource "aws_sns_topic_subscription" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mock-topic:11112222-3333-4444-5555-666677778888"
  }
}

# The root configuration's workflow task functions need distinct ARNs: runtime_config maps each
# ARN to its function. Runs of a single module have no such target and ignore these.
override_resource {
  target = module.function["receipt-extract"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-extract" }
}

override_resource {
  target = module.function["receipt-validate"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-validate" }
}

override_resource {
  target = module.function["receipt-transform"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-receipt-transform" }
}

override_resource {
  target = module.function["review-request"].aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:shoebox-test-review-request" }
}
