module "alarms" {
  source = "./modules/alarms"

  name_prefix        = local.name_prefix
  dead_letter_queues = { for name, queue in module.queue : name => queue.dlq_name }
  functions          = { for name, function in module.function : name => function.function_name }
  alarm_actions      = var.alarm_actions
}
