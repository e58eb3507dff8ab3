import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { EventsLog } from "./events-log.ts";
import { md5 } from "./moto-gaps.ts";
import type { EventSourceMappingConfig } from "./runtime-config.ts";
import { buildSqsEvent, type SqsEvent, settleBatch } from "./sqs-event.ts";
import type { InvokeResult } from "./workers.ts";

export interface SqsPollerOptions {
  /** Function key, e.g. `thumbnail`: names the log lines. */
  name: string;
  mapping: EventSourceMappingConfig;
  region: string;
  sqs: SQSClient;
  invoke: (event: SqsEvent) => Promise<InvokeResult>;
  log: EventsLog;
  /** maxReceiveCount of the queue, to say when a failure is the last try before the DLQ. */
  maxReceiveCount?: number;
  /** Concurrency when the mapping sets no maximum_concurrency (Lambda scales to 1000; not here). */
  defaultConcurrency?: number;
  /** Longest long poll; tests shorten it. */
  waitTimeSeconds?: number;
  /** Summarises a record for the log, e.g. the S3 object it announces. */
  describe?: (body: string) => string | undefined;
  /** Makes up for what the emulator leaves out of a message body (see moto-gaps.ts). */
  completeBody?: (body: string) => { body: string; completed: string[] };
}

/**
 * Batches in flight for a mapping: its maximum_concurrency, or `fallback` (5) when Terraform
 * leaves it unset (Lambda would scale to 1000; not on one machine).
 */
export const mappingConcurrency = (mapping: EventSourceMappingConfig, fallback = 5): number =>
  mapping.maximum_concurrency ?? fallback;

const isAbort = (error: unknown): boolean => (error as Error)?.name === "AbortError";

/** What an S3 notification (or its test event) in a message body is about, for the log. */
export const describeS3Message = (body: string): string | undefined => {
  try {
    const parsed = JSON.parse(body) as {
      Event?: string;
      Bucket?: string;
      Records?: Array<{
        eventSource?: string;
        eventName?: string;
        s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number } };
      }>;
    };
    if (parsed.Event === "s3:TestEvent")
      return `s3:TestEvent from bucket ${parsed.Bucket} (notification configured)`;
    const records = parsed.Records?.filter((record) => record.eventSource === "aws:s3") ?? [];
    if (records.length === 0) return undefined;
    return records
      .map((record) => {
        const size = record.s3?.object?.size;
        return `${record.eventName} s3://${record.s3?.bucket?.name}/${decodeURIComponent(String(record.s3?.object?.key ?? "").replace(/\+/g, " "))}${typeof size === "number" ? ` (${size} bytes)` : ""}`;
      })
      .join(", ");
  } catch {
    return undefined;
  }
};

/**
 * One SQS event source mapping, as Lambda runs it: long-polls the queue, gathers up to
 * batch_size messages within the batching window, invokes the function with at most
 * maximum_concurrency batches in flight, deletes the messages that succeeded and leaves the
 * others to the queue's visibility timeout and redrive policy.
 */
export class SqsPoller {
  private readonly options: SqsPollerOptions;
  private readonly controller = new AbortController();
  private loops: Promise<void>[] = [];
  private stopping = false;
  private completedReported = false;
  readonly stats = { batches: 0, messages: 0, succeeded: 0, failed: 0, errors: 0 };

  constructor(options: SqsPollerOptions) {
    this.options = options;
  }

  get concurrency(): number {
    return mappingConcurrency(this.options.mapping, this.options.defaultConcurrency);
  }

  start(): void {
    this.loops = Array.from({ length: this.concurrency }, (_, index) => this.loop(index));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.controller.abort();
    await Promise.allSettled(this.loops);
  }

  private async gather(): Promise<Message[]> {
    const { mapping, sqs } = this.options;
    const batchSize = Math.max(1, mapping.batch_size);
    const windowMs = Math.max(0, mapping.maximum_batching_window_in_seconds ?? 0) * 1000;
    const longest = this.options.waitTimeSeconds ?? 20;
    const messages: Message[] = [];
    let windowEnds: number | undefined;
    while (messages.length < batchSize && !this.stopping) {
      let wait = longest;
      if (windowEnds !== undefined) {
        const left = windowEnds - Date.now();
        if (left <= 0) break;
        wait = Math.min(longest, Math.ceil(left / 1000));
      }
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: mapping.queue_url,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          WaitTimeSeconds: wait,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["All"],
        }),
        { abortSignal: this.controller.signal },
      );
      messages.push(...(response.Messages ?? []));
      if (messages.length > 0 && windowEnds === undefined) {
        if (windowMs === 0) break;
        windowEnds = Date.now() + windowMs;
      }
    }
    return messages;
  }

  private async loop(index: number): Promise<void> {
    const { log, name } = this.options;
    while (!this.stopping) {
      let messages: Message[];
      try {
        messages = await this.gather();
      } catch (error) {
        if (this.stopping || isAbort(error)) return;
        log.warn(
          name,
          `polling ${this.options.mapping.queue_url} failed: ${(error as Error).message}; retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      // Received but not handled on shutdown: they come back after the visibility timeout.
      if (messages.length === 0 || this.stopping) continue;
      await this.handle(messages, index);
    }
  }

  private async handle(messages: Message[], _loop: number): Promise<void> {
    const { log, name, mapping, sqs, region } = this.options;
    const describe = this.options.describe ?? describeS3Message;
    for (const message of messages) {
      const about = describe(message.Body ?? "");
      if (about) log.info("s3", `${about} -> ${name}`);
    }
    if (this.options.completeBody) {
      for (const message of messages) {
        const { body, completed } = this.options.completeBody(message.Body ?? "");
        if (completed.length === 0) continue;
        message.Body = body;
        message.MD5OfBody = md5(body);
        if (!this.completedReported) {
          this.completedReported = true;
          log.debug(
            "moto",
            `completing S3 notification records with what AWS sends and moto leaves out: ${completed.join(", ")}`,
          );
        }
      }
    }
    const event = buildSqsEvent(messages, mapping.queue_arn, region);
    const ids = event.Records.map((record) => record.messageId);
    const invocation = await this.options.invoke(event);
    const reportFailures = (mapping.function_response_types ?? []).includes("ReportBatchItemFailures");
    const outcome = settleBatch(ids, invocation, reportFailures);
    this.stats.batches++;
    this.stats.messages += ids.length;

    const succeeded = outcome.kind === "success" ? outcome.succeeded : [];
    const failed = outcome.kind === "success" ? outcome.failed : ids;
    const byId = new Map(event.Records.map((record) => [record.messageId, record]));
    for (let start = 0; start < succeeded.length; start += 10) {
      const chunk = succeeded.slice(start, start + 10);
      try {
        const response = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: mapping.queue_url,
            Entries: chunk.map((id, entry) => ({
              Id: String(entry),
              ReceiptHandle: byId.get(id)?.receiptHandle,
            })),
          }),
        );
        for (const failure of response.Failed ?? []) {
          log.warn(name, `could not delete message ${chunk[Number(failure.Id)]}: ${failure.Message}`);
        }
      } catch (error) {
        if (!this.stopping)
          log.warn(name, `deleting ${chunk.length} message(s) failed: ${(error as Error).message}`);
      }
    }
    this.stats.succeeded += succeeded.length;
    this.stats.failed += failed.length;

    const memory = invocation.maxMemoryUsedMb ? `, max ${invocation.maxMemoryUsedMb} MB` : "";
    const seconds = `${(invocation.durationMs / 1000).toFixed(1)} s${memory}`;
    const data = {
      batch: ids.length,
      succeeded: succeeded.length,
      failed: failed.length,
      durationMs: invocation.durationMs,
      maxMemoryUsedMb: invocation.maxMemoryUsedMb,
    };
    if (failed.length === 0) {
      log.info(name, `batch of ${ids.length}: ${succeeded.length} ok (${seconds})`, data);
      return;
    }
    const receives = failed.map((id) => Number(byId.get(id)?.attributes.ApproximateReceiveCount ?? 1));
    const max = this.options.maxReceiveCount;
    const lastTry = max !== undefined && receives.some((count) => count >= max);
    const retry = max
      ? `receive ${Math.max(...receives)} of ${max}${lastTry ? ": next stop the DLQ" : ", back after the visibility timeout"}`
      : "back after the visibility timeout";
    if (outcome.kind === "success") {
      log.warn(
        name,
        `batch of ${ids.length}: ${succeeded.length} ok, ${failed.length} failed (${retry}) (${seconds})`,
        data,
      );
    } else {
      this.stats.errors++;
      log.error(name, `batch of ${ids.length} failed whole: ${outcome.reason} (${retry}) (${seconds})`, data);
    }
  }
}
