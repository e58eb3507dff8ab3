locals {
  tables = {
    # Photo ids are ULIDs (time-sortable), so Query with ScanIndexForward=false lists newest first.
    photos = {
      hash_key      = "ownerId"
      range_key     = "photoId"
      attributes    = { ownerId = "S", photoId = "S" }
      ttl_attribute = null
    }
    # Machine events per owner: event ids are the caller's, so two owners may reuse one.
    # expiresAt (epoch seconds) lets DynamoDB drop them after their useful life.
    ingest-events = {
      hash_key      = "ownerId"
      range_key     = "eventId"
      attributes    = { ownerId = "S", eventId = "S" }
      ttl_attribute = "expiresAt"
    }
    # One item per upload batch, written by uploads-api with its expected count; thumbnail
    # counts processed/failed photos on it.
    batches = {
      hash_key      = "ownerId"
      range_key     = "batchId"
      attributes    = { ownerId = "S", batchId = "S" }
      ttl_attribute = null
    }
    # Receipts (RECEIPT#<photoId>) and their duplicate markers (HASH#..., MATCH#...), written by
    # the receipt workflow.
    receipts = {
      hash_key      = "ownerId"
      range_key     = "sk"
      attributes    = { ownerId = "S", sk = "S" }
      ttl_attribute = null
    }
    # Per-owner settings and category rules the receipt workflow reads.
    profiles = {
      hash_key      = "ownerId"
      range_key     = "sk"
      attributes    = { ownerId = "S", sk = "S" }
      ttl_attribute = null
    }
    # Per-user limit counters (packages/runtime/src/user-limits.ts): one item per owner and window
    # (day#2026-11-24 for files and bytes, requests#<epoch seconds> for requests), moved by
    # conditional ADDs. A new window is a new key, so nothing is ever reset; TTL clears old ones.
    limits = {
      hash_key      = "ownerId"
      range_key     = "window"
      attributes    = { ownerId = "S", window = "S" }
      ttl_attribute = "expiresAt"
    }
  }
}

module "table" {
  source   = "./modules/table"
  for_each = local.tables

  name                        = "${local.name_prefix}-${each.key}"
  hash_key                    = each.value.hash_key
  range_key                   = each.value.range_key
  attributes                  = each.value.attributes
  ttl_attribute               = each.value.ttl_attribute
  kms_key_arn                 = module.kms_key.arn
  deletion_protection_enabled = var.deletion_protection
}
