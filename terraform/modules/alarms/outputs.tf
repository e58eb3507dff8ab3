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
