output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "ARN API Gateway uses to invoke the function."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the function's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "architectures" {
  description = "Instruction set the function runs on."
  value       = aws_lambda_function.this.architectures
}

output "assume_role_policy_json" {
  description = "Trust policy of the function's role (Lambda, for this function in this account)."
  value       = data.aws_iam_policy_document.assume_role.json
}

output "access_policy_json" {
  description = "The access policy attached to the role: policy_json plus the UseKey statement of kms_key_actions; null when attach_policy_json is false."
  value       = var.attach_policy_json ? data.aws_iam_policy_document.access[0].json : null
}

output "runtime_policy_json" {
  description = "The module's own policy: logging to its log group, X-Ray, and the VPC network interface permissions when the function runs in a VPC."
  value       = data.aws_iam_policy_document.runtime.json
}

output "vpc_config" {
  description = "Subnets and security groups the function's network interfaces use; null when it runs outside any VPC."
  value = local.in_vpc ? {
    subnet_ids         = one(aws_lambda_function.this.vpc_config).subnet_ids
    security_group_ids = one(aws_lambda_function.this.vpc_config).security_group_ids
  } : null
}
