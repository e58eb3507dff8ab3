# On call (issue 18): every alarm reaches the alarm topic, the topic is encrypted and only
# CloudWatch may publish to it, and every dashboard widget shows resources of this stack.
#
# Runs use the mocked provider, except the policy runs: those render the real policy JSON with the
# real provider (aws_iam_policy_document is local), plan-only and offline, like iam.tftest.hcl.
mock_provider "aws" {
  source = "./tests/mocks"
}

provider "aws" {
  alias                       = "offline"
  region                      = "eu-west-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
  jwt_issuer         = "https://auth.example.com/"
  jwt_audience       = ["shoebox-web"]
}

# --- alarms ----------------------------------------------------------------------------------

run "every_alarm_notifies_the_alarm_topic_on_alarm_and_on_ok" {
  assert {
    condition = alltrue([for alarm in values(module.alarms.alarms) :
      toset(alarm.alarm_actions) == toset([module.alarm_topic.arn]) && toset(alarm.ok_actions) == toset([module.alarm_topic.arn])
    ])
    error_message = "Without alarm_actions, every alarm notifies the alarm topic, on ALARM and on OK."
  }

  # 5 DLQs, one per function, the delivery backlog, the workflow's failed and timed out, reviews
  # past their deadline and the API's 5xx: the alarms output misses none of the module's alarms.
  assert {
    condition     = length(module.alarms.alarms) == 5 + length(output.functions) + 1 + 2 + 1 + 1
    error_message = "The alarms output must list every alarm."
  }

  assert {
    condition     = output.alarm_topic_arn == module.alarm_topic.arn
    error_message = "The alarm topic's ARN is an output."
  }
}

run "alarm_actions_are_notified_beside_the_alarm_topic" {
  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:platform-oncall"]
  }

  assert {
    condition = alltrue([for alarm in values(module.alarms.alarms) :
      toset(alarm.alarm_actions) == toset([module.alarm_topic.arn, "arn:aws:sns:eu-west-1:123456789012:platform-oncall"]) &&
      toset(alarm.ok_actions) == toset(alarm.alarm_actions)
    ])
    error_message = "alarm_actions keeps working: its ARNs are notified as well as the alarm topic."
  }
}

run "the_new_alarms_watch_the_workflow_the_delivery_backlog_reviews_and_the_api" {
  variables {
    delivery_backlog_alarm_seconds = 1800
    api_5xx_alarm_threshold        = 3
  }

  assert {
    condition = (
      module.alarms.alarms["shoebox-test-http-api-5xx"].namespace == "AWS/ApiGateway" &&
      module.alarms.alarms["shoebox-test-http-api-5xx"].metric_name == "5xx" &&
      module.alarms.alarms["shoebox-test-http-api-5xx"].dimensions == tomap({ ApiId = output.http_api_id, Stage = "$default" }) &&
      module.alarms.alarms["shoebox-test-http-api-5xx"].threshold == 3
    )
    error_message = "The API alarm counts the HTTP API's 5xx on its $default stage against api_5xx_alarm_threshold."
  }

  assert {
    condition = (
      module.alarms.alarms["shoebox-test-receipt-delivery-oldest-message-age"].metric_name == "ApproximateAgeOfOldestMessage" &&
      module.alarms.alarms["shoebox-test-receipt-delivery-oldest-message-age"].dimensions == tomap({ QueueName = output.queues["receipt-delivery"].name }) &&
      module.alarms.alarms["shoebox-test-receipt-delivery-oldest-message-age"].threshold == 1800
    )
    error_message = "The delivery backlog alarm watches the delivery queue's oldest message against delivery_backlog_alarm_seconds."
  }

  assert {
    condition = alltrue([for suffix, metric in { failed = "ExecutionsFailed", timedout = "ExecutionsTimedOut" } :
      module.alarms.alarms["shoebox-test-receipt-workflow-${suffix}"].metric_name == metric &&
      module.alarms.alarms["shoebox-test-receipt-workflow-${suffix}"].dimensions == tomap({ StateMachineArn = output.state_machines["receipt-workflow"].arn })
    ])
    error_message = "Failed and timed-out executions of the receipt workflow have alarms."
  }

  assert {
    condition = (
      module.alarms.alarms["shoebox-test-reviews-past-deadline-timed-out"].metric_name == "ServiceIntegrationsTimedOut" &&
      module.alarms.alarms["shoebox-test-reviews-past-deadline-timed-out"].dimensions == tomap({ ServiceIntegrationResourceArn = "arn:aws:states:eu-west-1:123456789012:lambda:invoke.waitForTaskToken" })
    )
    error_message = "Reviews past their deadline keep their alarm."
  }

  # Every alarm's dimensions name something this stack has.
  assert {
    condition = alltrue(flatten([for alarm in values(module.alarms.alarms) : [for name, value in alarm.dimensions :
      name == "FunctionName" ? contains([for function in values(output.functions) : function.function_name], value) :
      name == "QueueName" ? contains(flatten([for queue in values(output.queues) : [queue.name, queue.dlq_name]]), value) :
      name == "StateMachineArn" ? value == output.state_machines["receipt-workflow"].arn :
      name == "ApiId" ? value == output.http_api_id :
      name == "Stage" ? value == "$default" :
      name == "ServiceIntegrationResourceArn" ? value == "arn:aws:states:eu-west-1:123456789012:lambda:invoke.waitForTaskToken" :
      false
    ]]))
    error_message = "An alarm watches a function, queue, state machine or API that is not in the stack."
  }
}

# --- the alarm topic -------------------------------------------------------------------------

run "alarm_topic_is_encrypted_and_only_this_stacks_alarms_may_publish" {
  command   = plan
  providers = { aws = aws.offline }

  module {
    source = "./modules/alarm_topic"
  }

  variables {
    name              = "shoebox-test-alarms"
    account_id        = "123456789012"
    alarm_name_prefix = "shoebox-test-"
  }

  override_resource {
    target          = module.key.aws_kms_key.this
    override_during = plan
    values          = { id = "2222bbbb-2222-bbbb-3333-cccc4444dddd", arn = "arn:aws:kms:eu-west-1:123456789012:key/2222bbbb-2222-bbbb-3333-cccc4444dddd", key_id = "2222bbbb-2222-bbbb-3333-cccc4444dddd" }
  }

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/2222bbbb-2222-bbbb-3333-cccc4444dddd"
    error_message = "The alarm topic is encrypted with its own customer-managed key."
  }

  assert {
    condition = jsondecode(aws_sns_topic.this.policy).Statement == [{
      Sid       = "CloudWatchAlarmsPublish"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = "arn:aws:sns:eu-west-1:123456789012:shoebox-test-alarms"
      Condition = {
        ArnLike      = { "aws:SourceArn" = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shoebox-test-*" }
        StringEquals = { "aws:SourceAccount" = "123456789012" }
      }
    }]
    error_message = "The topic policy allows one thing: CloudWatch publishing for this stack's alarms in this account."
  }

  assert {
    condition = jsondecode(module.key.policy_json).Statement == [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchAlarmsEncryptNotifications"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shoebox-test-*" }
          StringEquals = { "aws:SourceAccount" = "123456789012" }
        }
      },
    ]
    error_message = "The key lets CloudWatch encrypt notifications of this stack's alarms only (without it, alarms publish nothing to an encrypted topic)."
  }
}

run "alarm_topic_subscribes_the_emails_and_https_endpoints" {
  module {
    source = "./modules/alarm_topic"
  }

  variables {
    name              = "shoebox-test-alarms"
    account_id        = "123456789012"
    alarm_name_prefix = "shoebox-test-"
    emails            = ["oncall@example.com"]
    https_endpoints   = ["https://events.pagerduty.com/integration/0123456789abcdef/enqueue"]
  }

  assert {
    condition = (
      aws_sns_topic_subscription.email["oncall@example.com"].protocol == "email" &&
      aws_sns_topic_subscription.email["oncall@example.com"].topic_arn == aws_sns_topic.this.arn
    )
    error_message = "Each alarm email address is subscribed to the alarm topic."
  }

  assert {
    condition = (
      length(aws_sns_topic_subscription.https) == 1 &&
      aws_sns_topic_subscription.https[0].protocol == "https" &&
      aws_sns_topic_subscription.https[0].endpoint == "https://events.pagerduty.com/integration/0123456789abcdef/enqueue" &&
      aws_sns_topic_subscription.https[0].endpoint_auto_confirms &&
      aws_sns_topic_subscription.https[0].topic_arn == aws_sns_topic.this.arn
    )
    error_message = "Each HTTPS endpoint is subscribed to the alarm topic and confirms itself."
  }
}

run "no_subscription_without_addresses" {
  module {
    source = "./modules/alarm_topic"
  }

  variables {
    name              = "shoebox-test-alarms"
    account_id        = "123456789012"
    alarm_name_prefix = "shoebox-test-"
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0 && length(aws_sns_topic_subscription.https) == 0
    error_message = "Nothing is subscribed when no address is given."
  }
}

# --- the dashboard ---------------------------------------------------------------------------

run "every_dashboard_widget_shows_resources_of_this_stack" {
  # A line is [namespace, metric, dimension, value, ..., options] or [{ expression, ... }]: a graph
  # whose lines were flattened into one list would pass the checks below unseen.
  assert {
    condition = alltrue(flatten([
      for widget in jsondecode(module.dashboard.body).widgets : [
        for line in widget.properties.metrics : can(line[0]) && (can(tostring(line[0])) ? length(line) >= 2 : can(line[0].expression))
      ] if widget.type == "metric"
    ]))
    error_message = "Every line of a graph is a metric or an expression."
  }

  # Every line of every graph that names a metric (an expression line names none).
  assert {
    condition = alltrue(flatten([
      for widget in jsondecode(module.dashboard.body).widgets : [
        for line in widget.properties.metrics : [
          for index in range(2, length(line) - length(line) % 2, 2) : (
            line[index] == "FunctionName" ? contains([for function in values(output.functions) : function.function_name], line[index + 1]) :
            line[index] == "QueueName" ? contains(flatten([for queue in values(output.queues) : [queue.name, queue.dlq_name]]), line[index + 1]) :
            line[index] == "StateMachineArn" ? line[index + 1] == output.state_machines["receipt-workflow"].arn :
            line[index] == "ApiId" ? line[index + 1] == output.http_api_id :
            line[index] == "Stage" ? line[index + 1] == "$default" :
            line[index] == "ServiceIntegrationResourceArn" ? line[index + 1] == "arn:aws:states:eu-west-1:123456789012:lambda:invoke.waitForTaskToken" :
            line[index] == "service" ? line[0] == "shoebox" && contains(keys(output.functions), line[index + 1]) :
            false
          )
        ] if can(tostring(line[0]))
      ] if widget.type == "metric"
    ]))
    error_message = "A graph names a function, queue, state machine, API or service that is not in the stack (or a dimension the test does not know)."
  }

  # An expression reads only metrics of its own graph.
  assert {
    condition = alltrue(flatten([
      for widget in jsondecode(module.dashboard.body).widgets : [
        for line in widget.properties.metrics : [
          for id in regexall("[a-z][A-Za-z0-9_]*", replace(line[0].expression, "/[A-Z_]+\\(/", "(")) :
          contains([for other in widget.properties.metrics : try(other[length(other) - 1].id, "")], id)
        ] if !can(tostring(line[0]))
      ] if widget.type == "metric"
    ]))
    error_message = "A metric math expression reads an id its graph does not define."
  }

  assert {
    condition = alltrue([
      for widget in jsondecode(module.dashboard.body).widgets : widget.properties.region == "eu-west-1" if widget.type == "metric"
    ])
    error_message = "Every graph reads the stack's region."
  }

  assert {
    condition = toset(one([for widget in jsondecode(module.dashboard.body).widgets : widget.properties.alarms if widget.type == "alarm"])) == toset([
      for alarm in values(module.alarms.alarms) : alarm.arn
    ])
    error_message = "The alarm status widget shows every alarm."
  }
}

run "the_dashboard_shows_every_function_queue_and_dead_letter_queue" {
  assert {
    condition = alltrue([
      for name in concat(
        [for function in values(output.functions) : function.function_name],
        flatten([for queue in values(output.queues) : [queue.name, queue.dlq_name]]),
        [output.state_machines["receipt-workflow"].arn, output.http_api_id],
      ) : strcontains(module.dashboard.body, jsonencode(name))
    ])
    error_message = "Every function, queue, DLQ, the workflow and the API appear on the dashboard."
  }

  assert {
    condition = alltrue([for metric in ["UploadsAccepted", "UploadsRefused", "PhotosProcessed", "PhotosFailed", "ReceiptsStarted", "ReviewsRequested", "ReceiptsDelivered", "DeliveryFailures"] :
      strcontains(module.dashboard.body, jsonencode(metric))
    ])
    error_message = "Every application metric of packages/runtime (metrics.ts) is on the dashboard."
  }

  assert {
    condition     = module.dashboard.name == "shoebox-test-euw1"
    error_message = "The dashboard (global to the account) is named with the region code."
  }

  assert {
    condition     = output.dashboard_url == "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=shoebox-test-euw1"
    error_message = "The dashboard URL points at the partition's console in the stack's region."
  }
}

run "the_dashboard_url_follows_the_partition" {
  override_data {
    target = data.aws_partition.current
    values = { partition = "aws-us-gov", dns_suffix = "amazonaws.com" }
  }

  override_data {
    target = module.dashboard.data.aws_partition.current
    values = { partition = "aws-us-gov", dns_suffix = "amazonaws.com" }
  }

  override_data {
    target = data.aws_region.current
    values = { name = "us-gov-west-1" }
  }

  override_data {
    target = module.dashboard.data.aws_region.current
    values = { name = "us-gov-west-1" }
  }

  assert {
    condition     = output.dashboard_url == "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards:name=shoebox-test-usgw1"
    error_message = "In GovCloud the URL is the GovCloud console's."
  }
}

# --- variables -------------------------------------------------------------------------------

run "alarm_emails_are_checked" {
  command = plan
  variables { alarm_emails = ["not an address"] }
  expect_failures = [var.alarm_emails]
}

run "alarm_https_endpoints_must_be_https" {
  command = plan
  variables { alarm_https_endpoints = ["http://example.com/hook"] }
  expect_failures = [var.alarm_https_endpoints]
}

run "the_delivery_backlog_alarm_needs_at_least_a_minute" {
  command = plan
  variables { delivery_backlog_alarm_seconds = 30 }
  expect_failures = [var.delivery_backlog_alarm_seconds]
}

run "the_api_alarm_needs_at_least_one_error" {
  command = plan
  variables { api_5xx_alarm_threshold = 0 }
  expect_failures = [var.api_5xx_alarm_threshold]
}
