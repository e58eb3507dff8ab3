output "dlq_alarm_arns" {
  description = "ARNs of the dead-letter queue alarms, keyed like dead_letter_queues."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.dlq_not_empty : key => alarm.arn }
}

output "function_error_alarm_arns" {
  description = "ARNs of the function error alarms, keyed like functions."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.function_errors : key => alarm.arn }
}
