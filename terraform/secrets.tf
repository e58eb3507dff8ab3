# The delivery database's URL (password included) and the CA that signs its server certificate
# live in Secrets Manager under the project's key; receipt-delivery gets only the secret's ARN
# and reads the value at run time, so the password is not in the function's configuration for
# every console user to see.
#
# The value is JSON with exactly these keys (DatabaseSecretSchema in packages/schemas):
#   {"url": "postgres://user:password@host:5432/db", "caCertificate": "-----BEGIN CERTIFICATE-----..."}
# caCertificate may be left out when a public CA signs the server's certificate. receipt-delivery
# always verifies the server (verify-full: the chain up to that CA, and the host name). It is the
# customer's value: set it with
#   aws secretsmanager put-secret-value --secret-id <delivery_database_secret_arn> \
#     --secret-string "$(jq -n --arg url 'postgres://...' --rawfile ca ca.pem '{url: $url, caCertificate: $ca}')"
# which keeps it out of Terraform's state. var.delivery_database_url (with
# var.delivery_database_ca_certificate), when set, writes a first value from Terraform instead
# (the local stack does this; it is then in the state).
locals {
  delivery_database_secret_value = var.delivery_database_url == "" ? null : jsonencode(merge(
    { url = var.delivery_database_url },
    var.delivery_database_ca_certificate == "" ? {} : { caCertificate = var.delivery_database_ca_certificate },
  ))
}

module "delivery_database_secret" {
  source = "./modules/secret"

  name                    = "${local.name_prefix}/delivery-database-url"
  description             = "${local.name_prefix}: the on-premise delivery database, read by receipt-delivery: JSON {url (postgres://user:password@host:port/database), caCertificate (PEM, optional)}"
  kms_key_arn             = module.kms_key.arn
  recovery_window_in_days = var.secret_recovery_window_in_days
  initial_value           = local.delivery_database_secret_value
}
