import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { EventsLog } from "../events-log.ts";
import type { RuntimeConfig } from "../runtime-config.ts";

/**
 * Reports every message that lands in a dead-letter queue (without receiving it), as the
 * emulator's administrator: the stack's own view of the queues. Returns how to stop watching.
 */
export const watchDeadLetterQueues = (
  config: RuntimeConfig,
  motoEndpoint: string,
  log: EventsLog,
): (() => Promise<void>) => {
  const sqs = new SQSClient(emulatorAdmin(motoEndpoint, config.region));
  const counts = new Map<string, number>();
  let stopped = false;
  const check = async () => {
    for (const queue of Object.values(config.queues)) {
      if (stopped || !queue.dlq_url) continue;
      try {
        const response = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.dlq_url,
            AttributeNames: ["ApproximateNumberOfMessages"],
          }),
        );
        const count = Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
        const before = counts.get(queue.dlq_url) ?? 0;
        if (count > before) {
          log.warn(
            "dlq",
            `${queue.dlq_url.split("/").pop()}: ${count} message(s) (+${count - before}) after ${queue.max_receive_count} receives`,
            { queue: queue.dlq_url, count },
          );
        }
        counts.set(queue.dlq_url, count);
      } catch {
        // the emulator is going away
      }
    }
  };
  const timer = setInterval(() => void check(), 2000);
  return async () => {
    stopped = true;
    clearInterval(timer);
    sqs.destroy();
  };
};
