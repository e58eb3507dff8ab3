output "id" {
  description = "ID of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "arn" {
  description = "ARN of the user pool."
  value       = aws_cognito_user_pool.this.arn
}

output "issuer" {
  description = "Issuer of the pool's tokens (https://cognito-idp.<region>.amazonaws.com/<pool id>), for a JWT authorizer."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "client_id" {
  description = "ID of the web app client: the audience (client_id claim) of its access tokens."
  value       = aws_cognito_user_pool_client.web.id
}

output "hosted_ui_url" {
  description = "Base URL of the hosted UI (its /oauth2/authorize and /oauth2/token endpoints)."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.name}.amazoncognito.com"
}

output "scopes" {
  description = "OAuth scopes the web app client may ask for."
  value       = aws_cognito_user_pool_client.web.allowed_oauth_scopes
}
