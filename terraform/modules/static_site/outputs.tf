output "bucket_name" {
  description = "Name of the bucket to publish the built app to."
  value       = module.bucket.name
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = module.bucket.arn
}

output "distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "The distribution's own domain name (d…cloudfront.net): the target of a custom domain's DNS alias."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "url" {
  description = "Origin the site is served from, https://<domain_name or the distribution's domain>, without a trailing slash."
  value       = "https://${coalesce(var.domain_name, aws_cloudfront_distribution.this.domain_name)}"
}
