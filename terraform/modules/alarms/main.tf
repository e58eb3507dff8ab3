# A message in a DLQ means a record was given up on: any visible message is worth a page.
resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  for_each = var.dead_letter_queues

  alarm_name          = "${var.name_prefix}-${each.key}-dlq-not-empty"
  alarm_description   = "Messages are waiting in the ${each.value} dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = var.functions

  alarm_name          = "${var.name_prefix}-${each.key}-errors"
  alarm_description   = "The ${each.value} function reported errors in the last 5 minutes."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

# A queue whose oldest message keeps getting older: its consumer cannot keep up or its
# downstream (e.g. a database) is down, although nothing has reached the DLQ yet.
resource "aws_cloudwatch_metric_alarm" "queue_oldest_message_age" {
  for_each = var.queue_age_thresholds

  alarm_name          = "${var.name_prefix}-${each.key}-oldest-message-age"
  alarm_description   = "The oldest message in ${each.value.queue_name} is older than ${each.value.threshold_seconds} seconds."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value.queue_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

# An execution that failed or timed out: every failed receipt fails its execution (after its
# batch-mates were processed), so one is worth a look.
resource "aws_cloudwatch_metric_alarm" "state_machine_executions" {
  for_each = {
    for pair in setproduct(keys(var.state_machines), ["ExecutionsFailed", "ExecutionsTimedOut"]) :
    "${pair[0]}/${pair[1]}" => { key = pair[0], arn = var.state_machines[pair[0]], metric = pair[1] }
  }

  alarm_name          = "${var.name_prefix}-${each.value.key}-${lower(trimprefix(each.value.metric, "Executions"))}"
  alarm_description   = "${each.value.metric} of the ${each.value.key} state machine in the last 5 minutes."
  namespace           = "AWS/States"
  metric_name         = each.value.metric
  dimensions          = { StateMachineArn = each.value.arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

# A task of the integration that timed out (ServiceIntegrationsTimedOut counts States.Timeout and
# States.HeartbeatTimeout of its tasks, across the account's state machines).
resource "aws_cloudwatch_metric_alarm" "integration_timeouts" {
  for_each = var.timed_out_integrations

  alarm_name          = "${var.name_prefix}-${each.key}-timed-out"
  alarm_description   = "${each.value.meaning} (ServiceIntegrationsTimedOut of ${each.value.resource_arn} in the last 5 minutes)."
  namespace           = "AWS/States"
  metric_name         = "ServiceIntegrationsTimedOut"
  dimensions          = { ServiceIntegrationResourceArn = each.value.resource_arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

# Server errors of an HTTP API: its Lambda integrations failed or timed out (29 s), or API Gateway
# could not reach an integration. Clients see them, unlike the queues' retries.
resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  for_each = var.http_apis

  alarm_name          = "${var.name_prefix}-${each.key}-5xx"
  alarm_description   = "The ${each.key} HTTP API (${each.value.api_id}, stage ${each.value.stage}) answered at least ${each.value.threshold} requests with a 5xx in the last 5 minutes."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = each.value.api_id, Stage = each.value.stage }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}
