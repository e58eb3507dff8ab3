output "id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "endpoint" {
  description = "Invoke URL of the $default stage."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "execution_arn" {
  description = "Execution ARN of the API (prefix for invoke permissions)."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "authorizer_id" {
  description = "ID of the JWT authorizer."
  value       = aws_apigatewayv2_authorizer.jwt.id
}

output "route_ids" {
  description = "Route IDs keyed by route key."
  value       = { for key, route in aws_apigatewayv2_route.this : key => route.id }
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = aws_cloudwatch_log_group.access.name
}
