resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:The secrets of this project hold credentials of systems the customer runs (the on-premise database); they rotate them with put-secret-value, and readers re-read the secret after a cache period, so no rotation Lambda of ours is involved.
  name                    = var.name
  description             = var.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "this" {
  # Whether a value was given is not the secret; the value itself stays sensitive.
  count = nonsensitive(var.initial_value == null) ? 0 : 1

  secret_id     = aws_secretsmanager_secret.this.id
  secret_string = var.initial_value
}
