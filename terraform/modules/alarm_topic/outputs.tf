output "arn" {
  description = "ARN of the alarm topic."
  value       = aws_sns_topic.this.arn
}

output "name" {
  description = "Name of the alarm topic."
  value       = aws_sns_topic.this.name
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the topic."
  value       = module.key.arn
}
