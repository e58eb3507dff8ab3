import { SQSClient } from "@aws-sdk/client-sqs";
import type { EventsLog } from "../events-log.ts";
import { completeS3NotificationBody } from "../moto-gaps.ts";
import { SqsPoller } from "../sqs-poller.ts";
import type { FunctionPool } from "../workers.ts";
import { credentialsOf } from "./gate-clients.ts";
import type { StackContext } from "./stack-context.ts";

/**
 * A poller per event source mapping of runtime_config, invoking the mapped function's pool.
 * Lambda polls a queue with the function's own role, as on AWS.
 */
export const startPollers = (
  context: StackContext,
  /** Longest SQS long poll (tests shorten it). */
  waitTimeSeconds: number | undefined,
): Map<string, SqsPoller> => {
  const { config, log } = context;
  const pollers = new Map<string, SqsPoller>();
  for (const [name, mapping] of Object.entries(config.event_source_mappings)) {
    const pool = context.pools.get(name) as FunctionPool;
    const queue = Object.values(config.queues).find(
      (candidate) => candidate.arn === mapping.queue_arn || candidate.url === mapping.queue_url,
    );
    const poller = new SqsPoller({
      name,
      mapping,
      region: config.region,
      sqs: context.clients.create(SQSClient, credentialsOf(context.principals.functions, name, "function")),
      log,
      invoke: (event) => pool.invoke(event),
      completeBody: completeS3NotificationBody,
      ...(queue ? { maxReceiveCount: queue.max_receive_count } : {}),
      ...(waitTimeSeconds ? { waitTimeSeconds } : {}),
    });
    poller.start();
    pollers.set(name, poller);
    log.info(
      "lambda",
      `${name} polls ${mapping.queue_url.split("/").pop()} (batch ${mapping.batch_size}, window ${mapping.maximum_batching_window_in_seconds} s, concurrency ${poller.concurrency})`,
    );
  }
  return pollers;
};

export const stopPollers = async (pollers: ReadonlyMap<string, SqsPoller>, log: EventsLog) => {
  await Promise.all([...pollers.values()].map((poller) => poller.stop()));
  log.info("lambda", "pollers stopped");
};
