locals {
  # SQS requires the suffix on a FIFO queue's name; a FIFO queue's DLQ must be FIFO too.
  suffix = var.fifo ? ".fifo" : ""
}

# The DLQ lives in this module: a queue without a redrive target is never created on its own.
resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name}-dlq${local.suffix}"
  fifo_queue                        = var.fifo
  message_retention_seconds         = var.dlq_message_retention_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  tags = var.tags
}

resource "aws_sqs_queue" "this" {
  name                              = "${var.name}${local.suffix}"
  fifo_queue                        = var.fifo
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  receive_wait_time_seconds         = var.receive_wait_time_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds

  # FIFO only. Content-based deduplication: a sender may leave out MessageDeduplicationId (a
  # Step Functions task retried sends the same body again, and that copy is dropped for 5
  # minutes), and an explicit id still wins. High-throughput mode: deduplication and the
  # throughput quota per message group instead of per queue, which otherwise allows 300 calls a
  # second (3,000 messages in batches of 10); identical bodies in two groups are then both kept.
  content_based_deduplication = var.fifo ? true : null
  deduplication_scope         = var.fifo ? "messageGroup" : null
  fifo_throughput_limit       = var.fifo ? "perMessageGroupId" : null

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only this module's queue may use the DLQ as its dead-letter queue (SQS's default lets every
# queue in the account do so). Its own resource: the DLQ would name the queue whose redrive
# policy names the DLQ, a cycle within aws_sqs_queue. (moto returns RedriveAllowPolicy only with
# tools/testing/moto/patches.py; unpatched, the provider waits for it forever.)
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}
