# The delivery database's URL, password included, lives in Secrets Manager under the project's
# key; receipt-delivery gets only the secret's ARN and reads the value at run time, so the
# password is not in the function's configuration for every console user to see.
#
# The value is the customer's: set it with
#   aws secretsmanager put-secret-value --secret-id <delivery_database_secret_arn> --secret-string 'postgres://...'
# which keeps it out of Terraform's state. var.delivery_database_url, when set, writes a first
# value from Terraform instead (the local stack does this; it is then in the state).
module "delivery_database_secret" {
  source = "./modules/secret"

  name        = "${local.name_prefix}/delivery-database-url"
  description = "${local.name_prefix}: postgres://user:password@host:port/database of the on-premise delivery database, read by receipt-delivery"
  kms_key_arn = module.kms_key.arn
  # The local stack recreates it at will; a deleted secret's name is held for the window.
  recovery_window_in_days = var.local_emulation ? 0 : 7
  initial_value           = var.delivery_database_url == "" ? null : var.delivery_database_url
}
