variable "project" {
  description = "Project name, the first part of every resource name."
  type        = string
  default     = "shoebox"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2-20 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (dev, staging, prod, local, ...), the second part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.environment))
    error_message = "environment must be 2-12 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "artifacts_manifest" {
  description = "Path of the build manifest written by `make build` (dist/manifest.json). Null means \"<path.root>/../dist/manifest.json\". Zip paths in it are relative to its folder."
  type        = string
  default     = null

  validation {
    condition = alltrue([
      for name in keys(local.functions) :
      can(jsondecode(file(coalesce(var.artifacts_manifest, "${path.root}/../dist/manifest.json"))).functions[name].sha256)
    ])
    error_message = "The build manifest is missing or lacks a function (${join(", ", keys(local.functions))} need file, handler, runtime, architecture, sha256): run make build."
  }
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL of every function."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR", "SILENT", "CRITICAL"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR, CRITICAL or SILENT."
  }
}

variable "log_retention_days" {
  description = "Retention of the function and API access log groups, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "upload_url_ttl_seconds" {
  description = "Lifetime of the presigned POST handed out by uploads-api, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = var.upload_url_ttl_seconds >= 60 && var.upload_url_ttl_seconds <= 3600
    error_message = "upload_url_ttl_seconds must be between 60 and 3600."
  }
}

variable "download_url_ttl_seconds" {
  description = "Lifetime of the presigned GET URLs the API hands out, in seconds: photos-api's thumbnails and originals (originalUrl, downloaded as an attachment) and reviews-api's receipt images (imageUrl). An originalUrl names its version, so one handed out before DELETE /photos/{id} works until it expires."
  type        = number
  default     = 300

  validation {
    condition     = var.download_url_ttl_seconds >= 60 && var.download_url_ttl_seconds <= 3600
    error_message = "download_url_ttl_seconds must be between 60 and 3600."
  }
}

variable "max_upload_bytes" {
  description = "Largest upload the presigned POST accepts, in bytes."
  type        = number
  default     = 26214400

  validation {
    condition     = var.max_upload_bytes >= 1024 && var.max_upload_bytes <= 104857600
    error_message = "max_upload_bytes must be between 1 KiB and 100 MiB."
  }
}

# Per-user limits (uploads-api and photos-api count them in the limits table). API Gateway's
# throttling (api_throttling_*) is per route for everyone together; these are per caller.
variable "user_files_per_day" {
  description = "Files one user may be handed upload URLs for per UTC day (POST /uploads; a zip of receipts counts as one file). Past it the API answers 429 with Retry-After until midnight UTC. 0: no limit. The default leaves room for the 2000-receipt January peak of one user with retries."
  type        = number
  default     = 5000

  validation {
    condition     = var.user_files_per_day >= 0 && var.user_files_per_day <= 10000000 && floor(var.user_files_per_day) == var.user_files_per_day
    error_message = "user_files_per_day must be a whole number between 0 (no limit) and 10000000."
  }
}

variable "user_bytes_per_day" {
  description = "Bytes one user may be handed upload URLs for per UTC day, counted as the declared sizes (each presigned POST's content-length-range caps its upload at its declared size). Past it the API answers 429 with Retry-After until midnight UTC. 0: no limit."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.user_bytes_per_day >= 0 && floor(var.user_bytes_per_day) == var.user_bytes_per_day
    error_message = "user_bytes_per_day must be a whole number of bytes, 0 for no limit."
  }

  # A day that cannot hold the largest upload would answer 413 to a file the API otherwise admits.
  validation {
    condition     = var.user_bytes_per_day == 0 || var.user_bytes_per_day >= max(var.max_upload_bytes, var.max_archive_bytes)
    error_message = "user_bytes_per_day must be 0 (no limit) or at least max_upload_bytes and max_archive_bytes, so the largest upload the API admits fits in a day."
  }
}

variable "user_requests_per_second" {
  description = "Requests per second one user may make on average to the Lambda routes (every route but POST /events: uploads, photos, batches, receipts and its export, reviews), counted together in one window per user; with user_request_burst it sets a counting window of ceil(burst / rate) seconds holding burst requests. Past it the API answers 429 with Retry-After until the window ends. 0: no limit."
  type        = number
  default     = 10

  validation {
    condition     = var.user_requests_per_second >= 0 && var.user_requests_per_second <= 10000 && floor(var.user_requests_per_second) == var.user_requests_per_second
    error_message = "user_requests_per_second must be a whole number between 0 (no limit) and 10000."
  }
}

variable "user_request_burst" {
  description = "Requests one user may make at once: the count of one request window (see user_requests_per_second)."
  type        = number
  default     = 20

  validation {
    condition     = floor(var.user_request_burst) == var.user_request_burst && var.user_request_burst >= max(1, var.user_requests_per_second) && var.user_request_burst <= max(1, var.user_requests_per_second) * 60
    error_message = "user_request_burst must be a whole number from user_requests_per_second up to 60 times it (a request window of at most a minute)."
  }
}

variable "thumbnail_sizes" {
  description = "Thumbnails to render, as comma-separated name:width pairs (THUMBNAIL_SIZES)."
  type        = string
  default     = "small:160,medium:640"

  validation {
    condition     = can(regex("^[a-z]+:[0-9]+(,[a-z]+:[0-9]+)*$", var.thumbnail_sizes))
    error_message = "thumbnail_sizes must look like \"small:160,medium:640\"."
  }
}

variable "max_input_pixels" {
  description = "Largest image (width x height) the thumbnail function decodes (MAX_INPUT_PIXELS); guards against decompression bombs."
  type        = number
  default     = 50000000

  validation {
    condition     = var.max_input_pixels >= 1000000 && var.max_input_pixels <= 268402689
    error_message = "max_input_pixels must be between 1000000 and 268402689 (the libvips default limit)."
  }
}

variable "thumbnail_memory_size" {
  description = "Memory of the thumbnail function in MB (image decoding is memory and CPU bound)."
  type        = number
  default     = 1024

  validation {
    condition     = var.thumbnail_memory_size >= 512 && var.thumbnail_memory_size <= 10240
    error_message = "thumbnail_memory_size must be between 512 and 10240 MB."
  }
}

variable "thumbnail_max_decode_mib" {
  description = "Most memory, in MiB, that decoding one image may take; an image whose header says it would take more (16-bit, interlaced or progressive images near the pixel limit) is FAILED as TOO_LARGE_TO_DECODE before decoding. Records are decoded one at a time, so the function needs this plus about 384 MiB for the runtime, the original and the thumbnails."
  type        = number
  default     = 384

  validation {
    condition     = var.thumbnail_max_decode_mib >= 64 && var.thumbnail_max_decode_mib <= var.thumbnail_memory_size - 384
    error_message = "thumbnail_max_decode_mib must be at least 64 and leave 384 MiB of thumbnail_memory_size for the runtime, the original and the thumbnails."
  }
}

variable "thumbnail_batch_size" {
  description = "Messages per thumbnail invocation (SQS event source mapping batch_size)."
  type        = number
  default     = 10

  validation {
    condition     = var.thumbnail_batch_size >= 1 && var.thumbnail_batch_size <= 10000
    error_message = "thumbnail_batch_size must be between 1 and 10000."
  }

  # AWS refuses an SQS event source mapping with a batch over 10 and no batching window.
  validation {
    condition     = var.thumbnail_batch_size <= 10 || var.thumbnail_maximum_batching_window_seconds >= 1
    error_message = "thumbnail_batch_size over 10 needs thumbnail_maximum_batching_window_seconds of at least 1 (AWS refuses a larger batch without a batching window)."
  }
}

variable "thumbnail_maximum_batching_window_seconds" {
  description = "How long Lambda gathers messages before invoking thumbnail, in seconds."
  type        = number
  default     = 1

  validation {
    condition     = var.thumbnail_maximum_batching_window_seconds >= 0 && var.thumbnail_maximum_batching_window_seconds <= 300
    error_message = "thumbnail_maximum_batching_window_seconds must be between 0 and 300."
  }
}

variable "thumbnail_maximum_concurrency" {
  description = "Most concurrent thumbnail invocations the SQS event source may start (scaling_config)."
  type        = number
  default     = 5

  validation {
    condition     = var.thumbnail_maximum_concurrency >= 2 && var.thumbnail_maximum_concurrency <= 1000
    error_message = "thumbnail_maximum_concurrency must be between 2 and 1000."
  }
}

variable "event_ingest_batch_size" {
  description = "Messages per event-ingest invocation (SQS event source mapping batch_size)."
  type        = number
  default     = 10

  validation {
    condition     = var.event_ingest_batch_size >= 1 && var.event_ingest_batch_size <= 10000
    error_message = "event_ingest_batch_size must be between 1 and 10000."
  }

  # AWS refuses an SQS event source mapping with a batch over 10 and no batching window.
  validation {
    condition     = var.event_ingest_batch_size <= 10 || var.event_ingest_maximum_batching_window_seconds >= 1
    error_message = "event_ingest_batch_size over 10 needs event_ingest_maximum_batching_window_seconds of at least 1 (AWS refuses a larger batch without a batching window)."
  }
}

variable "event_ingest_maximum_batching_window_seconds" {
  description = "How long Lambda gathers messages before invoking event-ingest, in seconds."
  type        = number
  default     = 1

  validation {
    condition     = var.event_ingest_maximum_batching_window_seconds >= 0 && var.event_ingest_maximum_batching_window_seconds <= 300
    error_message = "event_ingest_maximum_batching_window_seconds must be between 0 and 300."
  }
}

variable "event_ingest_maximum_concurrency" {
  description = "Most concurrent event-ingest invocations the SQS event source may start (scaling_config)."
  type        = number
  default     = 2

  validation {
    condition     = var.event_ingest_maximum_concurrency >= 2 && var.event_ingest_maximum_concurrency <= 1000
    error_message = "event_ingest_maximum_concurrency must be between 2 and 1000."
  }
}

variable "receipt_starter_maximum_concurrency" {
  description = "Most concurrent receipt-starter invocations the SQS event source may start (scaling_config)."
  type        = number
  default     = 5

  validation {
    condition     = var.receipt_starter_maximum_concurrency >= 2 && var.receipt_starter_maximum_concurrency <= 1000
    error_message = "receipt_starter_maximum_concurrency must be between 2 and 1000."
  }
}

variable "delivery_database_url" {
  description = "Optional first value of the delivery database secret: postgres://user:password@host:port/database of the on-premise server, written with delivery_database_ca_certificate as the secret's JSON. Leave \"\" (the default) and put the JSON with `aws secretsmanager put-secret-value` to keep the password out of Terraform's state; until the secret has a value, deliveries wait on the queue."
  type        = string
  default     = ""
  sensitive   = true

  validation {
    condition     = var.delivery_database_url == "" || startswith(var.delivery_database_url, "postgres://") || startswith(var.delivery_database_url, "postgresql://")
    error_message = "delivery_database_url must be empty or start with postgres:// or postgresql://."
  }
}

variable "delivery_database_ca_certificate" {
  description = "The CA bundle (PEM, one or more certificates) that signs the customer's PostgreSQL server certificate, written into the delivery database secret (caCertificate) with delivery_database_url. receipt-delivery always verifies the server (verify-full: certificate chain and host name); with a CA here it trusts only that CA, without one Node's public CAs. \"\" (the default): none. Only used with delivery_database_url; otherwise put it in the secret's JSON yourself."
  type        = string
  default     = ""

  validation {
    condition     = var.delivery_database_ca_certificate == "" || can(regex("^-----BEGIN CERTIFICATE-----[\\s\\S]+-----END CERTIFICATE-----$", trimspace(var.delivery_database_ca_certificate)))
    error_message = "delivery_database_ca_certificate must be empty or PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)."
  }

  # Terraform writes the secret only with a URL: a CA alone would be silently dropped.
  validation {
    condition     = var.delivery_database_ca_certificate == "" || nonsensitive(var.delivery_database_url != "")
    error_message = "delivery_database_ca_certificate is written into the secret together with delivery_database_url; without the URL, put both in the secret's JSON with aws secretsmanager put-secret-value."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret (the delivery database secret) can still be restored, during which its name stays taken: 0 deletes at once (what a throwaway environment wants), otherwise 7-30."
  type        = number
  default     = 7

  validation {
    condition     = try(var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30 && floor(var.secret_recovery_window_in_days) == var.secret_recovery_window_in_days), false)
    error_message = "secret_recovery_window_in_days must be 0 or a whole number from 7 to 30."
  }
}

variable "delivery_batch_size" {
  description = "Messages per receipt-delivery invocation (SQS event source mapping batch_size); one batch is one upsert statement."
  type        = number
  default     = 10

  validation {
    condition     = var.delivery_batch_size >= 1 && var.delivery_batch_size <= 10000 && floor(var.delivery_batch_size) == var.delivery_batch_size
    error_message = "delivery_batch_size must be a whole number between 1 and 10000."
  }
}

variable "delivery_max_concurrency" {
  description = "Most concurrent receipt-delivery invocations the SQS event source may start (scaling_config), i.e. the most database connections delivery opens. AWS's minimum is 2: a cap of 1 needs the pull agent (packages/delivery-agent) or reserved concurrency instead."
  type        = number
  default     = 2

  validation {
    condition     = var.delivery_max_concurrency >= 2 && var.delivery_max_concurrency <= 1000 && floor(var.delivery_max_concurrency) == var.delivery_max_concurrency
    error_message = "delivery_max_concurrency must be a whole number between 2 and 1000 (AWS minimum is 2; for 1 use the pull agent or reserved concurrency)."
  }
}

variable "delivery_max_receive_count" {
  description = "Receives after which a message moves from the receipt-delivery queue to its DLQ. With the function's exponential retry delay (30 s doubling to 900 s) the default 50 rides out about 11 hours of database outage."
  type        = number
  default     = 50

  validation {
    condition     = var.delivery_max_receive_count >= 1 && var.delivery_max_receive_count <= 1000 && floor(var.delivery_max_receive_count) == var.delivery_max_receive_count
    error_message = "delivery_max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "receipt_reader" {
  description = "What reads receipt images in the workflow's Extract step: \"textract\" (Amazon Textract AnalyzeExpense, the receipt-extract function) or \"local\" (the offline OCR reader, the receipt-reader function: no image leaves the account's Lambda, cheaper, less accurate). See the README's \"Reading receipts\"."
  type        = string
  default     = "textract"

  validation {
    condition     = contains(["textract", "local"], var.receipt_reader)
    error_message = "receipt_reader must be \"textract\" or \"local\"."
  }
}

variable "receipt_reader_memory_size" {
  description = "Memory of the offline receipt reader (receipt_reader = \"local\") in MB. OCR is CPU bound and Lambda gives CPU in proportion to memory: 1769 MB is one full vCPU (tesseract uses one), while the reader itself peaks under 512 MB."
  type        = number
  default     = 1769

  validation {
    condition     = var.receipt_reader_memory_size >= 1024 && var.receipt_reader_memory_size <= 10240
    error_message = "receipt_reader_memory_size must be between 1024 and 10240 MB: OCR needs the memory and the CPU that comes with it."
  }
}

variable "receipt_reader_timeout" {
  description = "Timeout of the offline receipt reader in seconds (a receipt takes 0.5-3 s, a 10-page scanned PDF about 15 s); the workflow's Extract state waits 120 s, so at most 110."
  type        = number
  default     = 30

  validation {
    condition     = var.receipt_reader_timeout >= 10 && var.receipt_reader_timeout <= 110
    error_message = "receipt_reader_timeout must be between 10 and 110 seconds (the Extract state's TimeoutSeconds is 120)."
  }
}

variable "receipt_workflow_map_max_concurrency" {
  description = "Receipts of one execution the receipt workflow's Map processes at once (MaxConcurrency)."
  type        = number
  default     = 10

  validation {
    condition     = var.receipt_workflow_map_max_concurrency >= 1 && var.receipt_workflow_map_max_concurrency <= 40 && floor(var.receipt_workflow_map_max_concurrency) == var.receipt_workflow_map_max_concurrency
    error_message = "receipt_workflow_map_max_concurrency must be a whole number between 1 and 40."
  }
}

variable "receipt_workflow_log_level" {
  description = "Execution logging level of the receipt workflow (ALL, ERROR or FATAL; OFF is refused so failures always leave a log), with execution data included."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.receipt_workflow_log_level)
    error_message = "receipt_workflow_log_level must be ALL, ERROR or FATAL."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves from a queue to its dead-letter queue (every queue but receipt-delivery: see delivery_max_receive_count)."
  type        = number
  default     = 5

  validation {
    # At least 2: the thumbnail function records a photo FAILED on the last receive instead of
    # trying it, so one receive would fail every photo untried.
    condition     = var.max_receive_count >= 2 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 2 and 1000 (the last receive of an upload event records the photo FAILED instead of trying it)."
  }
}

variable "identity_provider" {
  description = "Who signs people in for the HTTP API: \"cognito\" (this stack's user pool, its web app client and hosted UI) or \"external\" (your own OpenID provider, named by jwt_issuer and jwt_audience). null: \"external\" when jwt_issuer is given, else \"cognito\"."
  type        = string
  default     = null

  validation {
    condition     = contains(["cognito", "external"], coalesce(var.identity_provider, "cognito"))
    error_message = "identity_provider must be \"cognito\", \"external\" or null."
  }

  validation {
    condition     = var.identity_provider != "external" || var.jwt_issuer != null
    error_message = "identity_provider = \"external\" needs jwt_issuer and jwt_audience."
  }

  validation {
    condition     = var.identity_provider != "cognito" || var.jwt_issuer == null
    error_message = "jwt_issuer and jwt_audience name an external identity provider; with identity_provider = \"cognito\" the user pool issues the tokens: leave them out."
  }
}

variable "jwt_issuer" {
  description = "Issuer of the JWTs the HTTP API accepts, for an external identity provider: https://..., or http://localhost / http://127.0.0.1 for local emulation. null: the stack's Cognito user pool."
  type        = string
  default     = null

  validation {
    condition     = var.jwt_issuer == null || can(regex("^(https://[^\\s/]+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?)(/\\S*)?$", var.jwt_issuer))
    error_message = "jwt_issuer must be an https:// URL (http:// is only allowed for localhost or 127.0.0.1)."
  }
}

variable "jwt_audience" {
  description = "Audiences (client ids) the HTTP API accepts in a JWT of the external identity provider; given exactly when jwt_issuer is."
  type        = list(string)
  default     = []

  validation {
    condition     = (var.jwt_issuer == null) == (length(var.jwt_audience) == 0) && alltrue([for audience in var.jwt_audience : length(trimspace(audience)) > 0])
    error_message = "jwt_audience must contain at least one non-empty audience with jwt_issuer, and none without it (the user pool's client is then the audience)."
  }
}

variable "cors_allowed_origins" {
  description = "Browser origins allowed to POST to the uploads bucket and call the HTTP API. The stack's own site (web_enabled) is added to both by itself."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https?://[^/\\s]+$", origin))])
    error_message = "Every CORS origin must be a scheme and host without a path, e.g. https://app.example.com."
  }
}

variable "api_throttling_burst_limit" {
  description = "Default burst limit of every HTTP API route."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_burst_limit >= 1
    error_message = "api_throttling_burst_limit must be at least 1."
  }
}

variable "api_throttling_rate_limit" {
  description = "Default steady-state requests per second of every HTTP API route."
  type        = number
  default     = 50

  validation {
    condition     = var.api_throttling_rate_limit >= 1
    error_message = "api_throttling_rate_limit must be at least 1."
  }
}

variable "alarm_actions" {
  description = "ARNs (e.g. an SNS topic) notified when an alarm changes state."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_actions : startswith(arn, "arn:")])
    error_message = "Every alarm action must be an ARN."
  }
}

variable "deletion_protection" {
  description = "Protect the DynamoDB tables and the Cognito user pool (with every account in it) from deletion. Turn off only for ephemeral environments."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy non-empty buckets. Only for ephemeral environments."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for every resource (merged into the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "max_archive_bytes" {
  description = "Largest zip archive of receipts a presigned POST admits, in bytes. archive-fanout streams it one entry at a time, so memory does not grow with it."
  type        = number
  default     = 1073741824

  validation {
    condition     = var.max_archive_bytes >= 1048576 && var.max_archive_bytes <= 5368709120
    error_message = "max_archive_bytes must be between 1 MiB and 5 GiB (the largest single S3 POST upload)."
  }
}

variable "archive_fanout_maximum_concurrency" {
  description = "Most archives fanned out at once (event source mapping maximum_concurrency; AWS allows 2 to 1000)."
  type        = number
  default     = 2

  validation {
    condition     = var.archive_fanout_maximum_concurrency >= 2 && var.archive_fanout_maximum_concurrency <= 1000
    error_message = "archive_fanout_maximum_concurrency must be between 2 and 1000."
  }
}

variable "delivery_mode" {
  description = "How receipts reach the on-premise database: \"push\" (receipt-delivery consumes the delivery queue through an SQS event source mapping) or \"pull\" (no mapping; the on-premises agent, packages/delivery-agent, long-polls the queue with the delivery_agent_policy_json output's permissions)."
  type        = string
  default     = "push"

  validation {
    condition     = contains(["push", "pull"], var.delivery_mode)
    error_message = "delivery_mode must be \"push\" or \"pull\"."
  }
}

variable "delivery_subnet_ids" {
  description = "Subnets of the customer's VPC to run receipt-delivery in (to reach the database privately). Empty (the default) runs it outside any VPC. The function's code then calls SQS, Secrets Manager, DynamoDB and SNS from these subnets: they need a NAT gateway, or a DynamoDB gateway endpoint and interface VPC endpoints for the others (README, \"receipt-delivery in a VPC\")."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.delivery_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "delivery_subnet_ids must be subnet ids (subnet-...)."
  }
}

variable "delivery_security_group_ids" {
  description = "Security groups of receipt-delivery's network interfaces; required with delivery_subnet_ids, empty without."
  type        = list(string)
  default     = []

  validation {
    condition     = (length(var.delivery_security_group_ids) > 0) == (length(var.delivery_subnet_ids) > 0)
    error_message = "delivery_security_group_ids must be given exactly when delivery_subnet_ids is."
  }
}

variable "delivery_queue_fifo" {
  description = "Make the receipt-delivery queue (and its DLQ) FIFO, one message group per receipt, so the versions of a receipt reach the database in the order they were stored. Not needed for correctness: the upsert never lets an older version replace a newer one, on either queue. Choose it when something downstream must see every version in order (a trigger or change feed on the customer's table); it costs a batch size of at most 10, no batching window, one batch of a receipt in flight at a time, and 5-minute deduplication of identical bodies. Changing it replaces both queues: drain the queue first, or its messages are deleted with it."
  type        = bool
  default     = false

  validation {
    condition     = !var.delivery_queue_fifo || var.delivery_batch_size <= 10
    error_message = "A FIFO event source takes batches of at most 10 messages: set delivery_batch_size to 10 or less with delivery_queue_fifo."
  }
}

# Human review (issue 15): when a receipt waits for its owner, and for how long.

variable "review_enabled" {
  description = "Whether receipts the machine is unsure of wait for their owner's decision (a low-confidence field, hints that disagree, a likely duplicate, a total over the limit). false stores them as read, as before reviews existed."
  type        = bool
  default     = true
}

variable "review_min_confidence" {
  description = "A field read with less confidence than this (0-1) sends the receipt to review. Textract answers 0.9 and above for fields it is sure of; 0 reviews only what was not read at all."
  type        = number
  default     = 0.8

  validation {
    condition     = var.review_min_confidence >= 0 && var.review_min_confidence <= 1
    error_message = "review_min_confidence must be between 0 and 1."
  }
}

variable "review_total_limits" {
  description = "Totals above which a receipt waits for review, by owner id and currency, in the currency's units: { \"*\" = { EUR = 1000 } } for everyone, an owner id for that owner's own (checked first). Carried in the Validate function's environment (4 KB for all variables): for more than a few dozen owners, keep limits in the profiles table instead."
  type        = map(map(number))
  default     = {}

  validation {
    condition     = alltrue(flatten([for owner, limits in var.review_total_limits : [for currency, limit in limits : can(regex("^[A-Z]{3}$", currency)) && limit > 0]]))
    error_message = "review_total_limits maps owner ids (or \"*\") to { <ISO 4217 code> = <limit above 0> }."
  }
}

variable "review_remind_after_seconds" {
  description = "How long a review waits before its owner is reminded, and between reminders (at most 10 a round)."
  type        = number
  default     = 86400

  validation {
    condition     = var.review_remind_after_seconds >= 1 && floor(var.review_remind_after_seconds) == var.review_remind_after_seconds
    error_message = "review_remind_after_seconds must be a whole number of seconds, at least 1."
  }
}

variable "review_deadline_seconds" {
  description = "How long a review round waits for its owner without a sign of them (the waiting task's HeartbeatSeconds; opening the review counts as one). Then the review is escalated or the receipt rejected (review_on_deadline)."
  type        = number
  default     = 259200

  validation {
    condition     = var.review_deadline_seconds >= 1 && floor(var.review_deadline_seconds) == var.review_deadline_seconds
    error_message = "review_deadline_seconds must be a whole number of seconds, at least 1."
  }
}

variable "review_max_seconds" {
  description = "The longest a review round may stay open however often it is opened (the waiting task's TimeoutSeconds); above review_deadline_seconds."
  type        = number
  default     = 1209600

  validation {
    condition     = var.review_max_seconds > var.review_deadline_seconds && floor(var.review_max_seconds) == var.review_max_seconds
    error_message = "review_max_seconds must be a whole number of seconds above review_deadline_seconds (Step Functions refuses a HeartbeatSeconds that is not below TimeoutSeconds)."
  }
}

variable "review_on_deadline" {
  description = "What a review past its deadline becomes: \"escalate\" (a second round: the escalation addresses are told, the owner can still decide; after that the receipt is rejected) or \"reject\"."
  type        = string
  default     = "escalate"

  validation {
    condition     = contains(["escalate", "reject"], var.review_on_deadline)
    error_message = "review_on_deadline must be \"escalate\" or \"reject\"."
  }
}

variable "notification_emails" {
  description = "Email addresses by owner id: each is subscribed (SNS email) to its owner's review requests, reminders and escalations. Nothing is sent when empty. SNS asks each address to confirm first, and an unconfirmed subscription stays pending (Terraform cannot confirm it)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for address in values(var.notification_emails) : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "notification_emails values must be email addresses."
  }
}

variable "review_escalation_emails" {
  description = "Email addresses told of every escalated review (review.escalated), whoever owns it: the people who decide when an owner did not. Nothing is sent when empty."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.review_escalation_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "review_escalation_emails must be email addresses."
  }
}

variable "alarm_emails" {
  description = "Email addresses subscribed to the alarm topic, which every alarm notifies on ALARM and on OK. Nothing is sent by email when empty. SNS asks each address to confirm first; an unconfirmed subscription stays pending (Terraform cannot confirm it)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_emails must be email addresses."
  }
}

variable "alarm_https_endpoints" {
  description = "HTTPS endpoints subscribed to the alarm topic, e.g. a PagerDuty or Opsgenie CloudWatch integration URL; each must confirm the subscription itself (those do). Sensitive: such URLs carry the integration's key."
  type        = list(string)
  default     = []
  sensitive   = true

  validation {
    condition     = alltrue([for url in var.alarm_https_endpoints : startswith(url, "https://")])
    error_message = "Every alarm_https_endpoints entry must be an https:// URL."
  }
}

variable "delivery_backlog_alarm_seconds" {
  description = "Age, in seconds, of the oldest receipt waiting in the receipt-delivery queue at which the delivery backlog alarm fires: the customer's database is down or too slow. receipt-delivery retries a message at most every 900 s while the database is down, so below that the alarm fires on an ordinary retry."
  type        = number
  default     = 900

  validation {
    condition     = var.delivery_backlog_alarm_seconds >= 60 && var.delivery_backlog_alarm_seconds <= 1209600
    error_message = "delivery_backlog_alarm_seconds must be between 60 (the metric's resolution) and 1209600 (the queue's retention)."
  }
}

variable "api_5xx_alarm_threshold" {
  description = "5xx responses of the HTTP API in 5 minutes that raise the API alarm."
  type        = number
  default     = 5

  validation {
    condition     = var.api_5xx_alarm_threshold >= 1
    error_message = "api_5xx_alarm_threshold must be at least 1."
  }
}

# The web app (issue 16): its site (web.tf) and, with identity_provider = "cognito", the user pool
# it signs people in with (cognito.tf).

variable "web_enabled" {
  description = "Whether to create the web app's site: a private bucket for the built app behind a CloudFront distribution with security headers. Its origin is added to the HTTP API's CORS origins and to the user pool client's callback URLs."
  type        = bool
  default     = true
}

variable "web_domain_name" {
  description = "Custom domain of the site (e.g. app.example.com), with web_certificate_arn; point its DNS (an alias or CNAME) at the web_distribution_domain_name output. null: the distribution's own *.cloudfront.net name."
  type        = string
  default     = null

  validation {
    condition     = var.web_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.web_domain_name))
    error_message = "web_domain_name must be a lowercase host name such as app.example.com."
  }
}

variable "web_certificate_arn" {
  description = "ARN of the ACM certificate for web_domain_name, in us-east-1 (where CloudFront reads certificates); given exactly when web_domain_name is."
  type        = string
  default     = null

  validation {
    condition     = (var.web_certificate_arn == null) == (var.web_domain_name == null)
    error_message = "web_certificate_arn and web_domain_name go together: give both or neither."
  }

  validation {
    condition     = var.web_certificate_arn == null || can(regex("^arn:[a-z-]+:acm:us-east-1:[0-9]{12}:certificate/", var.web_certificate_arn))
    error_message = "web_certificate_arn must be an ACM certificate ARN in us-east-1."
  }
}

variable "web_price_class" {
  description = "CloudFront edge locations serving the site: PriceClass_100 (North America, Europe, Israel), PriceClass_200 (adds most of Asia, the Middle East and Africa) or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.web_price_class)
    error_message = "web_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "web_log_bucket" {
  description = "Bucket for the site's CloudFront access logs (standard logging, under <name prefix>-<region code>-web/): an existing bucket with ACLs enabled (object ownership BucketOwnerPreferred), named <project>-... so the deploying role may grant CloudFront its ACL. null: no access logs."
  type        = string
  default     = null

  validation {
    condition     = var.web_log_bucket == null || can(regex("^${var.project}-[a-z0-9.-]+$", var.web_log_bucket))
    error_message = "web_log_bucket must be named <project>-... (deployer-policy.json lets the deploying role set the ACL of the project's buckets only)."
  }
}

variable "web_callback_urls" {
  description = "More URLs the Cognito hosted UI may return to after signing in or out, besides the site's own (e.g. http://localhost:5173/ for a development server against this stack). https:// or http://localhost only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.web_callback_urls : can(regex("^(https://[^\\s/]+|http://localhost(:[0-9]+)?)(/\\S*)?$", url))])
    error_message = "web_callback_urls must be https:// URLs or http://localhost ones (Cognito refuses other http:// URLs)."
  }

  # The user pool's client needs somewhere to send people back to.
  validation {
    condition     = var.web_enabled || length(var.web_callback_urls) > 0 || var.jwt_issuer != null
    error_message = "With the Cognito user pool and web_enabled = false, give web_callback_urls: the hosted UI has nowhere else to return to."
  }
}

variable "cognito_domain_prefix" {
  description = "Prefix of the hosted UI's domain, <prefix>.auth.<region>.amazoncognito.com, unique in the region across all of AWS. null: <name prefix>-<8 hex digits of the account id's hash>."
  type        = string
  default     = null

  validation {
    condition     = var.cognito_domain_prefix == null || (can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.cognito_domain_prefix)) && !can(regex("aws|amazon|cognito", var.cognito_domain_prefix)))
    error_message = "cognito_domain_prefix must be 1-63 lowercase letters, digits or '-' (not at either end), without \"aws\", \"amazon\" or \"cognito\"."
  }
}

variable "cognito_self_sign_up" {
  description = "Whether anyone may create an account on the hosted UI. false: administrators create users (aws cognito-idp admin-create-user), who get a temporary password by email."
  type        = bool
  default     = false
}

variable "cognito_advanced_security" {
  description = "Cognito threat protection, enforced (compromised-credential checks, adaptive authentication, its own logs). Moves the user pool from the Lite to the Plus tier, priced per monthly active user."
  type        = bool
  default     = false
}
