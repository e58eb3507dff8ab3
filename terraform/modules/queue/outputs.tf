output "name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.this.name
}

output "arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.this.arn
}

output "url" {
  description = "URL of the main queue."
  value       = aws_sqs_queue.this.url
}

output "fifo" {
  description = "Whether the queue and its DLQ are FIFO queues."
  value       = aws_sqs_queue.this.fifo_queue
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue."
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}

output "message_retention_seconds" {
  description = "How long the main queue keeps a message, in seconds."
  value       = aws_sqs_queue.this.message_retention_seconds
}

output "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue."
  value       = var.max_receive_count
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_redrive_allow_policy" {
  description = "The dead-letter queue's redrive allow policy (JSON): only the main queue may use it as its DLQ."
  value       = aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy
}
