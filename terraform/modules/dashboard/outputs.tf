output "name" {
  description = "Name of the dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "arn" {
  description = "ARN of the dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_arn
}

output "url" {
  description = "The dashboard in the CloudWatch console of the partition (null in a partition without a known console domain)."
  value       = local.console_domain == null ? null : "https://${local.console_domain}/cloudwatch/home?region=${local.region}#dashboards:name=${aws_cloudwatch_dashboard.this.dashboard_name}"
}

output "body" {
  description = "The dashboard body (JSON) as deployed."
  value       = aws_cloudwatch_dashboard.this.dashboard_body
}
