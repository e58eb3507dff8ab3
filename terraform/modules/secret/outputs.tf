output "arn" {
  description = "ARN of the secret (what readers are granted secretsmanager:GetSecretValue on)."
  value       = aws_secretsmanager_secret.this.arn
}

output "name" {
  description = "Name of the secret."
  value       = aws_secretsmanager_secret.this.name
}

output "has_initial_value" {
  description = "Whether Terraform wrote a first value."
  value       = length(aws_secretsmanager_secret_version.this) == 1
}
