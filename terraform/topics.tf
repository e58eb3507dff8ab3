# photo.processed / photo.failed, published by thumbnail with a message attribute eventType
# so subscribers can filter on it.
module "topic" {
  source   = "./modules/topic"
  for_each = toset(["events"])

  name        = "${local.name_prefix}-${each.key}"
  kms_key_arn = module.kms_key.arn
}
