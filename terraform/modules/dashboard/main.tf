data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name

  # The console's host differs by partition; data.aws_partition does not give it.
  console_domain = lookup({
    "aws"        = "console.aws.amazon.com"
    "aws-cn"     = "console.amazonaws.cn"
    "aws-us-gov" = "console.amazonaws-us-gov.com"
  }, data.aws_partition.current.partition, null)

  # One line of an application metric: [namespace, metric, dimension, service, options].
  app = {
    for role, metric in var.app_metrics.metrics : role => [
      var.app_metrics.namespace, metric.metric, var.app_metrics.service_dimension, metric.service, { label = metric.metric },
    ]
  }

  # One line per function of an AWS/Lambda metric, labelled with the function's key.
  lambda = {
    for metric in ["Errors", "Throttles", "Duration", "ConcurrentExecutions"] : metric => [
      for key, name in var.functions : ["AWS/Lambda", metric, "FunctionName", name, { label = key }]
    ]
  }

  delivery_queue_name = var.queues[var.delivery_queue].name

  # The review task's integration metrics, by the id the "waiting" expression reads them with.
  review_task_metrics = {
    opened   = { metric = "ServiceIntegrationsStarted", label = "review tasks opened" }
    decided  = { metric = "ServiceIntegrationsSucceeded", label = "decided" }
    failed   = { metric = "ServiceIntegrationsFailed", label = "failed" }
    timedout = { metric = "ServiceIntegrationsTimedOut", label = "past deadline" }
  }

  delivery_backlog_alarm_line = { label = "delivery backlog alarm", value = var.delivery_backlog_alarm_seconds }

  # The graphs, in reading order: what comes in, what queues up, what fails, what goes out.
  graphs = [
    {
      title   = "Uploads accepted and refused per minute"
      stat    = "Sum"
      period  = 60
      metrics = [local.app.uploads_accepted, local.app.uploads_refused]
    },
    {
      title   = "Photos processed and failed per minute"
      stat    = "Sum"
      period  = 60
      metrics = [local.app.photos_processed, local.app.photos_failed]
    },
    {
      title  = "HTTP API requests and errors per minute"
      stat   = "Sum"
      period = 60
      metrics = [
        for metric in ["Count", "4xx", "5xx"] :
        ["AWS/ApiGateway", metric, "ApiId", var.http_api.api_id, "Stage", var.http_api.stage, { label = metric }]
      ]
    },
    {
      title  = "Queue depth: waiting and in flight"
      stat   = "Maximum"
      period = 60
      metrics = concat(
        [for key, queue in var.queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.name, { label = "${key} waiting" }]],
        [for key, queue in var.queues : ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", queue.name, { label = "${key} in flight" }]],
      )
    },
    {
      title       = "Oldest message age per queue (seconds)"
      stat        = "Maximum"
      period      = 60
      metrics     = [for key, queue in var.queues : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", queue.name, { label = key }]]
      annotations = { horizontal = [local.delivery_backlog_alarm_line] }
    },
    {
      title   = "Dead-letter queue depth (any is an alarm)"
      stat    = "Maximum"
      period  = 60
      metrics = [for key, queue in var.queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue.dlq_name, { label = "${key} DLQ" }]]
    },
    {
      title   = "Function errors per minute"
      stat    = "Sum"
      period  = 60
      metrics = local.lambda.Errors
    },
    {
      title   = "Function throttles per minute"
      stat    = "Sum"
      period  = 60
      metrics = local.lambda.Throttles
    },
    {
      title   = "Function duration p50 (ms)"
      stat    = "p50"
      period  = 300
      metrics = local.lambda.Duration
    },
    {
      title   = "Function duration p99 (ms)"
      stat    = "p99"
      period  = 300
      metrics = local.lambda.Duration
    },
    {
      title   = "Concurrent executions per function"
      stat    = "Maximum"
      period  = 60
      metrics = local.lambda.ConcurrentExecutions
    },
    {
      title  = "Workflow: receipts started, executions per 5 minutes"
      stat   = "Sum"
      period = 300
      metrics = concat([local.app.receipts_started], [
        for pair in setproduct(keys(var.state_machines), ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"]) :
        ["AWS/States", pair[1], "StateMachineArn", var.state_machines[pair[0]], { label = "${pair[0]} ${trimprefix(pair[1], "Executions")}" }]
      ])
    },
    # Step Functions has no gauge of waiting tasks: "waiting" is the reviews opened minus those
    # closed since the start of the graph's time range, so it starts at 0 on the left edge.
    {
      title  = "Reviews per hour: requested, decided, past deadline"
      stat   = "Sum"
      period = 3600
      metrics = concat(
        [
          local.app.reviews_requested,
          [{ expression = "RUNNING_SUM(FILL(opened, 0) - FILL(decided, 0) - FILL(failed, 0) - FILL(timedout, 0))", label = "waiting (opened minus closed in this range)", id = "waiting" }],
        ],
        [
          for id, task in local.review_task_metrics :
          ["AWS/States", task.metric, "ServiceIntegrationResourceArn", var.review_task_integration_arn, { id = id, label = task.label }]
        ],
      )
    },
    # Deleted messages count deliveries in both modes: the function deletes in push mode, the
    # on-premises agent in pull mode (which emits no Lambda metric).
    {
      title  = "Deliveries per minute (failures: refused, unreadable or waiting for the database)"
      stat   = "Sum"
      period = 60
      metrics = [
        local.app.receipts_delivered,
        local.app.delivery_failures,
        ["AWS/SQS", "NumberOfMessagesDeleted", "QueueName", local.delivery_queue_name, { label = "removed from ${var.delivery_queue} (push or pull)" }],
      ]
    },
    {
      title  = "Delivery backlog: receipts waiting for the customer's database"
      stat   = "Maximum"
      period = 60
      metrics = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.delivery_queue_name, { label = "waiting" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", local.delivery_queue_name, { label = "in flight" }],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", local.delivery_queue_name, { label = "oldest (s)", yAxis = "right" }],
      ]
      annotations = { horizontal = [merge(local.delivery_backlog_alarm_line, { yAxis = "right" })] }
    },
  ]

  header = [
    { type = "text", x = 0, y = 0, width = 24, height = 2, properties = { markdown = var.header_markdown } },
  ]
  alarm_status = length(var.alarm_arns) == 0 ? [] : [
    { type = "alarm", x = 0, y = 2, width = 24, height = 4, properties = { title = "Alarms", alarms = var.alarm_arns } },
  ]

  # Three graphs a row, below the header and the alarm status.
  widgets = concat(local.header, local.alarm_status, [
    for index, graph in local.graphs : {
      type   = "metric"
      x      = (index % 3) * 8
      y      = 6 + floor(index / 3) * 6
      width  = 8
      height = 6
      properties = merge(
        {
          title   = graph.title
          region  = local.region
          view    = "timeSeries"
          stacked = false
          stat    = graph.stat
          period  = graph.period
          metrics = graph.metrics
        },
        can(graph.annotations) ? { annotations = graph.annotations } : {},
      )
    }
  ])
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.widgets })
}
