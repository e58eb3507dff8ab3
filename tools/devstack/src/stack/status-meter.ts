import type { RuntimeConfig } from "../runtime-config.ts";
import { type SqsEvent, settleBatch } from "../sqs-event.ts";
import type { FunctionPool, InvokeResult } from "../workers.ts";

/** What CloudWatch's Lambda metrics say of one function, counted since the stack started. */
export interface FunctionCounts {
  invocations: number;
  errors: number;
  /**
   * Invocations that found every environment of the function busy and waited for one: Lambda
   * would have throttled them at this concurrency; the local pool queues them instead.
   */
  throttles: number;
  /** Invocations running now (ConcurrentExecutions). */
  running: number;
}

const isSqsEvent = (event: unknown): event is SqsEvent => {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && (records[0] as { eventSource?: unknown })?.eventSource === "aws:sqs";
};

/**
 * Counts every invocation of the function pools, however it came (HTTP API, SQS poller, workflow
 * task), and remembers the SQS messages the pollers handed a function and it has not settled:
 * GetQueueAttributes has no age of the oldest message (on AWS it is a CloudWatch metric), so
 * the local status computes it from these.
 */
export class InvocationMeter {
  private readonly config: RuntimeConfig;
  private readonly counts = new Map<string, FunctionCounts>();
  /** Queue ARN => message id => SentTimestamp (ms) of the messages received and not yet deleted. */
  private readonly unsettled = new Map<string, Map<string, number>>();

  constructor(config: RuntimeConfig) {
    this.config = config;
  }

  /**
   * Counts each pool's invocations from now on. The pools' callers (HTTP API, pollers, state
   * machines) look a pool up and call `invoke` per invocation, so wrapping it reaches them all.
   */
  instrument(pools: ReadonlyMap<string, FunctionPool>): void {
    for (const [name, pool] of pools) {
      const invoke = pool.invoke.bind(pool);
      pool.invoke = (event) => this.measure(name, pool, event, invoke);
    }
  }

  functions(): Record<string, FunctionCounts> {
    return Object.fromEntries(
      Object.keys(this.config.functions).map((name) => [name, { ...this.countsOf(name) }]),
    );
  }

  /** When the oldest message a poller received from the queue and not yet deleted was sent (ms). */
  oldestUnsettled(queueArn: string): number | undefined {
    const sent = [...(this.unsettled.get(queueArn)?.values() ?? [])];
    return sent.length > 0 ? Math.min(...sent) : undefined;
  }

  /** The queue is empty: what the meter still holds of it went to its DLQ or was deleted elsewhere. */
  forgetQueue(queueArn: string): void {
    this.unsettled.delete(queueArn);
  }

  private countsOf(name: string): FunctionCounts {
    let counts = this.counts.get(name);
    if (!counts) {
      counts = { invocations: 0, errors: 0, throttles: 0, running: 0 };
      this.counts.set(name, counts);
    }
    return counts;
  }

  private async measure(
    name: string,
    pool: FunctionPool,
    event: unknown,
    invoke: (event: unknown) => Promise<InvokeResult>,
  ): Promise<InvokeResult> {
    const counts = this.countsOf(name);
    counts.invocations++;
    counts.running++;
    if (isSqsEvent(event)) this.received(event);
    const invocation = invoke(event);
    // The pool hands out a free environment, or starts one, before its first await: more
    // invocations running than environments means this one waits.
    if (counts.running > pool.size) counts.throttles++;
    try {
      const result = await invocation;
      if (!result.ok) counts.errors++;
      if (isSqsEvent(event)) this.settled(name, event, result);
      return result;
    } finally {
      counts.running--;
    }
  }

  private received(event: SqsEvent): void {
    for (const record of event.Records) {
      let messages = this.unsettled.get(record.eventSourceARN);
      if (!messages) {
        messages = new Map();
        this.unsettled.set(record.eventSourceARN, messages);
      }
      messages.set(record.messageId, Number(record.attributes.SentTimestamp));
    }
  }

  /** Drops what the poller deletes, and what has had its last receive (the DLQ takes it next). */
  private settled(name: string, event: SqsEvent, result: InvokeResult): void {
    const reportFailures = (this.config.event_source_mappings[name]?.function_response_types ?? []).includes(
      "ReportBatchItemFailures",
    );
    const ids = event.Records.map((record) => record.messageId);
    const outcome = settleBatch(ids, result, reportFailures);
    const deleted = new Set(outcome.kind === "success" ? outcome.succeeded : []);
    for (const record of event.Records) {
      const maxReceiveCount = Object.values(this.config.queues).find(
        (queue) => queue.arn === record.eventSourceARN,
      )?.max_receive_count;
      const lastReceive =
        maxReceiveCount !== undefined && Number(record.attributes.ApproximateReceiveCount) >= maxReceiveCount;
      if (deleted.has(record.messageId) || lastReceive)
        this.unsettled.get(record.eventSourceARN)?.delete(record.messageId);
    }
  }
}
