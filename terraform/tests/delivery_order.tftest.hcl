# delivery_queue_fifo: the receipt-delivery queue standard (the default) or FIFO, and the queue
# module's FIFO settings, offline against the mocked provider.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  environment        = "test"
  artifacts_manifest = "tests/fixtures/manifest.json"
  jwt_issuer         = "https://auth.example.com/"
  jwt_audience       = ["shoebox-web"]
}

run "delivery_queue_is_standard_by_default" {
  assert {
    condition = (
      !module.queue["receipt-delivery"].fifo &&
      module.queue["receipt-delivery"].name == "shoebox-test-receipt-delivery" &&
      module.queue["receipt-delivery"].dlq_name == "shoebox-test-receipt-delivery-dlq"
    )
    error_message = "Without delivery_queue_fifo the delivery queue and its DLQ are standard queues, named without .fifo."
  }

  assert {
    condition     = alltrue([for name, queue in module.queue : !queue.fifo])
    error_message = "No queue is FIFO by default."
  }
}

run "delivery_queue_fifo_makes_the_queue_and_its_dlq_fifo" {
  variables {
    delivery_queue_fifo = true
  }

  assert {
    condition = (
      module.queue["receipt-delivery"].fifo &&
      module.queue["receipt-delivery"].name == "shoebox-test-receipt-delivery.fifo" &&
      module.queue["receipt-delivery"].dlq_name == "shoebox-test-receipt-delivery-dlq.fifo"
    )
    error_message = "delivery_queue_fifo makes the delivery queue FIFO, with a FIFO DLQ (SQS requires one), both named .fifo."
  }

  assert {
    condition     = alltrue([for name, queue in module.queue : !queue.fifo if name != "receipt-delivery"])
    error_message = "Only the delivery queue becomes FIFO."
  }

  assert {
    condition = (
      module.queue["receipt-delivery"].max_receive_count == 50 &&
      module.queue["receipt-delivery"].message_retention_seconds == 1209600 &&
      module.queue["receipt-delivery"].visibility_timeout_seconds == 180
    )
    error_message = "The FIFO delivery queue keeps the delivery queue's redrive, retention and visibility settings."
  }

  # Lambda caps a FIFO source's concurrency at the lower of the message groups in flight and
  # maximum_concurrency, so the cap on database connections still holds.
  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].scaling_config[0].maximum_concurrency == 2 &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].batch_size == 10 &&
      aws_lambda_event_source_mapping.sqs["receipt-delivery"].maximum_batching_window_in_seconds == 0 &&
      toset(aws_lambda_event_source_mapping.sqs["receipt-delivery"].function_response_types) == toset(["ReportBatchItemFailures"])
    )
    error_message = "The FIFO delivery queue keeps its mapping's cap (maximum_concurrency 2), batches of 10 and partial batch responses, with no batching window (Lambda refuses one on FIFO)."
  }
}

run "delivery_queue_fifo_refuses_batches_over_ten" {
  command = plan

  variables {
    delivery_queue_fifo = true
    delivery_batch_size = 25
  }

  expect_failures = [var.delivery_queue_fifo]
}

run "fifo_queue_module_deduplicates_by_content_per_message_group" {
  module {
    source = "./modules/queue"
  }

  variables {
    name        = "shoebox-test-receipt-delivery"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    fifo        = true
  }

  override_resource {
    target = aws_sqs_queue.dlq
    values = { arn = "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery-dlq.fifo" }
  }

  assert {
    condition = (
      aws_sqs_queue.this.fifo_queue && aws_sqs_queue.dlq.fifo_queue &&
      aws_sqs_queue.this.name == "shoebox-test-receipt-delivery.fifo" &&
      aws_sqs_queue.dlq.name == "shoebox-test-receipt-delivery-dlq.fifo"
    )
    error_message = "A FIFO queue and its DLQ are both FIFO, named .fifo."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:shoebox-test-receipt-delivery-dlq.fifo"
    error_message = "The FIFO queue redrives to its FIFO DLQ."
  }

  assert {
    condition = (
      aws_sqs_queue.this.content_based_deduplication &&
      aws_sqs_queue.this.deduplication_scope == "messageGroup" &&
      aws_sqs_queue.this.fifo_throughput_limit == "perMessageGroupId"
    )
    error_message = "A FIFO queue deduplicates by content (a retried send needs no id) in high-throughput mode."
  }
}

run "standard_queue_module_sets_no_fifo_attribute" {
  module {
    source = "./modules/queue"
  }

  variables {
    name        = "shoebox-test-receipt-delivery"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
  }

  assert {
    condition = (
      !aws_sqs_queue.this.fifo_queue && !aws_sqs_queue.dlq.fifo_queue &&
      aws_sqs_queue.this.content_based_deduplication != true &&
      aws_sqs_queue.this.name == "shoebox-test-receipt-delivery"
    )
    error_message = "A standard queue has no FIFO settings and no .fifo suffix."
  }
}

run "fifo_queue_names_leave_room_for_both_suffixes" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name        = "shoebox-test-receipt-delivery-with-a-name-too-long-for-the-fifo-suffixes" # 72
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"
    fifo        = true
  }

  expect_failures = [var.name]
}
