output "name_prefix" {
  description = "Prefix of every regional resource name: <project>-<environment>, plus -<workspace> outside the default workspace. IAM roles and buckets add the region code."
  value       = local.name_prefix
}

output "region" {
  description = "Region the stack is deployed to."
  value       = data.aws_region.current.name
}

output "kms_key_arn" {
  description = "ARN of the customer-managed key that encrypts every data store."
  value       = module.kms_key.arn
}

output "buckets" {
  description = "Buckets by purpose: name and ARN."
  value       = { for key, bucket in module.bucket : key => { name = bucket.name, arn = bucket.arn } }
}

output "tables" {
  description = "DynamoDB tables by purpose: name and ARN."
  value       = { for key, table in module.table : key => { name = table.name, arn = table.arn } }
}

output "queues" {
  description = "Queues by purpose with their dead-letter queues."
  value = {
    for key, queue in module.queue : key => {
      name     = queue.name
      url      = queue.url
      arn      = queue.arn
      dlq_name = queue.dlq_name
      dlq_url  = queue.dlq_url
      dlq_arn  = queue.dlq_arn
    }
  }
}

output "events_topic_arn" {
  description = "ARN of the SNS topic for photo.processed / photo.failed (message attribute eventType)."
  value       = module.topic["events"].arn
}

output "functions" {
  description = "Lambda functions by key: name, ARN, role and log group."
  value = {
    for key, function in module.function : key => {
      function_name  = function.function_name
      arn            = function.arn
      role_arn       = function.role_arn
      log_group_name = function.log_group_name
    }
  }
}

output "state_machines" {
  description = "Step Functions state machines by key: name, ARN (computed, so it is known even where the state machine is not created), role and log group."
  value = {
    "receipt-workflow" = {
      name           = module.receipt_workflow.name
      arn            = local.receipt_workflow_arn
      role_arn       = module.receipt_workflow.role_arn
      log_group_name = module.receipt_workflow.log_group_name
    }
  }
}

output "http_api_endpoint" {
  description = "Base URL of the HTTP API."
  value       = module.http_api.endpoint
}

output "http_api_id" {
  description = "ID of the HTTP API."
  value       = module.http_api.id
}

output "event_source_mapping_uuids" {
  description = "UUIDs of the SQS event source mappings (none for receipt-delivery with delivery_mode = \"pull\")."
  value       = { for key, mapping in aws_lambda_event_source_mapping.sqs : key => mapping.uuid }
}

output "delivery_database_secret_arn" {
  description = "ARN of the Secrets Manager secret receipt-delivery reads the delivery database from; put its value, JSON {\"url\": \"postgres://...\", \"caCertificate\": \"-----BEGIN CERTIFICATE-----...\"}, with `aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://database.json` (README)."
  value       = module.delivery_database_secret.arn
}

# Sensitive: it carries every function's environment, which is the local runtime's business
# only; `terraform output -json runtime_config` still prints it.
output "runtime_config" {
  description = "Everything the local runtime needs, read with `terraform output -json runtime_config`. state_machines carries each workflow's rendered definition and computed ARN (moto cannot run the state machine: the local runtime executes the definition and resolves Lambda task ARNs with lambda_functions); subscriptions describes the topic -> queue deliveries with their filter policy (moto serves the real subscriptions; the local runtime may use them to check or replay deliveries)."
  sensitive   = true
  value = {
    region = data.aws_region.current.name

    http_api = {
      endpoint     = module.http_api.endpoint
      jwt_issuer   = local.jwt_issuer
      jwt_audience = local.jwt_audience
      routes = {
        for key, route in local.http_routes : key => {
          type          = route.type
          function      = route.type == "lambda" ? route.function : null
          function_name = route.type == "lambda" ? module.function[route.function].function_name : null
          queue_url     = route.type == "sqs" ? module.queue[route.queue].url : null
          # The role API Gateway assumes to send (the local stack signs its SendMessage with it).
          credentials_arn = route.type == "sqs" ? aws_iam_role.api_gateway_sqs.arn : null
          message_attributes = route.type == "sqs" ? {
            for name, value in local.http_sqs_message_attributes : name => { DataType = "String", StringValue = value }
          } : null
        }
      }
    }

    functions = {
      for key, settings in local.functions : key => {
        function_name = module.function[key].function_name
        role_arn      = module.function[key].role_arn                   # the local stack runs the function with this role's credentials
        file          = abspath(local.function_artifacts[key].filename) # the local runtime reads it from anywhere
        handler       = local.function_artifacts[key].handler
        runtime       = local.function_artifacts[key].runtime
        architecture  = local.function_artifacts[key].architecture
        timeout       = settings.timeout
        memory_size   = settings.memory_size
        environment   = local.function_environment[key]
      }
    }

    event_source_mappings = {
      for key, consumer in local.sqs_consumers : key => {
        queue                              = consumer.queue
        queue_arn                          = module.queue[consumer.queue].arn
        queue_url                          = module.queue[consumer.queue].url
        batch_size                         = consumer.batch_size
        maximum_batching_window_in_seconds = consumer.maximum_batching_window_in_seconds
        maximum_concurrency                = consumer.maximum_concurrency
        function_response_types            = consumer.function_response_types
      }
    }

    queues = {
      for key, queue in module.queue : key => {
        name                       = queue.name
        url                        = queue.url
        arn                        = queue.arn
        dlq_url                    = queue.dlq_url
        dlq_arn                    = queue.dlq_arn
        max_receive_count          = queue.max_receive_count
        visibility_timeout_seconds = queue.visibility_timeout_seconds
      }
    }

    buckets = { for key, bucket in module.bucket : key => bucket.name }
    # Keys with "_" for "-": photos, ingest_events, batches, receipts, profiles.
    tables = { for key, table in module.table : replace(key, "-", "_") => table.name }
    topics = { events = module.topic["events"].arn }

    state_machines = {
      "receipt-workflow" = {
        arn        = local.receipt_workflow_arn
        name       = local.receipt_workflow_name
        role_arn   = module.receipt_workflow.role_arn
        definition = local.receipt_workflow_definition
        lambda_functions = {
          for name in local.receipt_workflow_functions : module.function[name].arn => name
        }
      }
    }

    subscriptions = {
      for key, subscription in local.topic_subscriptions : key => {
        topic_arn            = module.topic[subscription.topic].arn
        queue_url            = module.queue[subscription.queue].url
        queue_arn            = module.queue[subscription.queue].arn
        filter_policy        = subscription.filter_policy
        filter_policy_scope  = subscription.filter_policy_scope
        raw_message_delivery = subscription.raw_message_delivery
      }
    }
  }
}

output "delivery_agent_policy_json" {
  description = "With delivery_mode = \"pull\": the least-privilege identity policy the on-premises delivery agent needs (receive, delete, change visibility, attributes and URL of the delivery queue; kms:Decrypt on the key). Null with \"push\"."
  value       = var.delivery_mode == "pull" ? data.aws_iam_policy_document.delivery_agent.json : null
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies (ALARM and OK): subscribe the on-call's pager or mailbox to it, or set alarm_emails / alarm_https_endpoints."
  value       = module.alarm_topic.arn
}

output "dashboard_url" {
  description = "The CloudWatch dashboard of the stack in the console (null in a partition without a known console domain)."
  value       = module.dashboard.url
}

output "web_url" {
  description = "The web app's address (https://, no trailing slash); null with web_enabled = false."
  value       = local.web_url
}

output "web_bucket_name" {
  description = "Bucket to publish the built web app to (README, \"Publishing the web app\"); null with web_enabled = false."
  value       = one(module.static_site[*].bucket_name)
}

output "web_distribution_id" {
  description = "ID of the site's CloudFront distribution, to invalidate after a publish; null with web_enabled = false."
  value       = one(module.static_site[*].distribution_id)
}

output "web_distribution_domain_name" {
  description = "The distribution's own domain name (d…cloudfront.net): where web_domain_name's DNS alias or CNAME points; null with web_enabled = false."
  value       = one(module.static_site[*].distribution_domain_name)
}

output "cognito_user_pool_id" {
  description = "ID of the user pool people sign in with (aws cognito-idp admin-create-user --user-pool-id ...); null with an external identity provider."
  value       = one(module.user_pool[*].id)
}

output "cognito_client_id" {
  description = "ID of the web app's user pool client, the audience the HTTP API accepts; null with an external identity provider."
  value       = one(module.user_pool[*].client_id)
}

output "cognito_domain" {
  description = "The hosted UI, https://<prefix>.auth.<region>.amazoncognito.com; null with an external identity provider."
  value       = one(module.user_pool[*].hosted_ui_url)
}

# The app reads config.json beside index.html (web/src/site-config.ts); this is its content.
output "web_config" {
  description = "The web app's config.json, as `terraform output -json web_config` prints it: apiUrl and signIn (Cognito's hosted UI: domain, clientId, redirectUri, scopes). null with web_enabled = false or an external identity provider (the app signs in with Cognito's hosted UI only: write its config.json yourself)."
  value = var.web_enabled && local.identity_provider == "cognito" ? {
    apiUrl = module.http_api.endpoint
    signIn = {
      kind        = "cognito"
      domain      = module.user_pool[0].hosted_ui_url
      clientId    = module.user_pool[0].client_id
      redirectUri = local.web_redirect_uri
      scopes      = module.user_pool[0].scopes
    }
  } : null
}
