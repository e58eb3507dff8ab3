output "dlq_alarm_arns" {
  description = "ARNs of the dead-letter queue alarms, keyed like dead_letter_queues."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.dlq_not_empty : key => alarm.arn }
}

output "function_error_alarm_arns" {
  description = "ARNs of the function error alarms, keyed like functions."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.function_errors : key => alarm.arn }
}

output "queue_age_alarm_arns" {
  description = "ARNs of the oldest-message-age alarms, keyed like queue_age_thresholds."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.queue_oldest_message_age : key => alarm.arn }
}

output "state_machine_alarm_arns" {
  description = "ARNs of the state machine alarms, keyed \"<state machine>/<ExecutionsFailed|ExecutionsTimedOut>\"."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.state_machine_executions : key => alarm.arn }
}

output "integration_timeout_alarm_arns" {
  description = "ARNs of the service-integration timeout alarms, keyed like timed_out_integrations."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.integration_timeouts : key => alarm.arn }
}

output "api_5xx_alarm_arns" {
  description = "ARNs of the HTTP API 5xx alarms, keyed like http_apis."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.api_5xx : key => alarm.arn }
}

# Every alarm of the module, one entry each: the dashboard shows them, and the tests check what
# each one watches and that it notifies someone. A new alarm resource belongs in this list too.
output "alarms" {
  description = "Every alarm by name: { arn, namespace, metric_name, dimensions, threshold, alarm_actions, ok_actions }."
  value = {
    for alarm in concat(
      values(aws_cloudwatch_metric_alarm.dlq_not_empty),
      values(aws_cloudwatch_metric_alarm.function_errors),
      values(aws_cloudwatch_metric_alarm.queue_oldest_message_age),
      values(aws_cloudwatch_metric_alarm.state_machine_executions),
      values(aws_cloudwatch_metric_alarm.integration_timeouts),
      values(aws_cloudwatch_metric_alarm.api_5xx),
      ) : alarm.alarm_name => {
      arn           = alarm.arn
      namespace     = alarm.namespace
      metric_name   = alarm.metric_name
      dimensions    = alarm.dimensions
      threshold     = alarm.threshold
      alarm_actions = alarm.alarm_actions
      ok_actions    = alarm.ok_actions
    }
  }
}
