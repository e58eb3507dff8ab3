output "arn" {
  description = "ARN of the state machine."
  value       = aws_sfn_state_machine.this.arn
}

output "name" {
  description = "Name of the state machine."
  value       = var.name
}

output "type" {
  description = "Type of the state machine: STANDARD or EXPRESS."
  value       = var.type
}

output "definition" {
  description = "Definition of the deployed state machine."
  value       = aws_sfn_state_machine.this.definition
}

output "role_arn" {
  description = "ARN of the state machine's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the state machine's execution role."
  value       = aws_iam_role.this.name
}

output "assume_role_policy_json" {
  description = "Trust policy (JSON) of the execution role."
  value       = data.aws_iam_policy_document.assume_role.json
}

output "runtime_policy_json" {
  description = "Policy (JSON) the module adds for log delivery and X-Ray, beside the caller's policy_json."
  value       = data.aws_iam_policy_document.runtime.json
}

output "log_group_name" {
  description = "Name of the state machine's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}
