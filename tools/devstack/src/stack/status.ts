import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { PhotoStatus } from "@shoebox/schemas";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { RuntimeConfig } from "../runtime-config.ts";
import type { Execution } from "../state-machines.ts";
import { countBatches, countPhotosByStatus, countWaitingReviews } from "./status-items.ts";
import type { FunctionCounts, InvocationMeter } from "./status-meter.ts";
import { type QueueStatus, readQueueStatus } from "./status-queues.ts";

/** Executions of one state machine by how they stand (ExecutionsStarted/Succeeded/Failed/TimedOut). */
export interface WorkflowCounts {
  running: number;
  succeeded: number;
  failed: number;
  /**
   * Failed on States.Timeout. The local runtime has no execution-level timeout, so these are
   * executions a timed-out task failed; on AWS they count as failed, not timed out.
   */
  timedOut: number;
}

/**
 * The local stack's state at a glance: the counts the CloudWatch dashboard shows on AWS, read
 * from the emulator (as its administrator, not through the IAM gate), the local Step Functions,
 * the delivery database and the function pools. Local only: nothing like it exists on AWS.
 */
export interface LocalStatus {
  at: string;
  photos: Record<PhotoStatus, number>;
  batches: { open: number; total: number };
  queues: Record<string, QueueStatus>;
  workflows: Record<string, WorkflowCounts>;
  reviews: { waiting: number };
  /** Rows in the customer's PostgreSQL (shoebox_receipts): receipts delivered. */
  deliveries: { rows: number };
  functions: Record<string, FunctionCounts>;
}

export interface StatusSources {
  config: RuntimeConfig;
  motoEndpoint: string;
  meter: InvocationMeter;
  executions: () => Iterable<Execution>;
  countDeliveries: () => Promise<number>;
}

const workflowCounts = (config: RuntimeConfig, executions: Iterable<Execution>) => {
  const counts: Record<string, WorkflowCounts> = Object.fromEntries(
    Object.keys(config.state_machines).map((key) => [
      key,
      { running: 0, succeeded: 0, failed: 0, timedOut: 0 },
    ]),
  );
  for (const execution of executions) {
    const machine = counts[execution.stateMachine];
    if (!machine) continue;
    if (execution.status === "RUNNING") machine.running++;
    else if (execution.status === "SUCCEEDED") machine.succeeded++;
    else if (execution.error === "States.Timeout") machine.timedOut++;
    else machine.failed++;
  }
  return counts;
};

/** Reads a table's count, or `empty` when the configuration has no such table. */
const fromTable = <T>(
  table: string | undefined,
  read: (table: string) => Promise<T>,
  empty: T,
): Promise<T> => (table ? read(table) : Promise.resolve(empty));

/**
 * The reader of the local status, with its emulator clients made once.
 *
 * @example
 * const status = createStatusReader({ config, motoEndpoint, meter, executions, countDeliveries });
 * (await status.read()).photos; // { PENDING: 0, PROCESSED: 3, FAILED: 1 }
 */
export const createStatusReader = (
  sources: StatusSources,
): { read: () => Promise<LocalStatus>; destroy: () => void } => {
  const { config, meter } = sources;
  const admin = emulatorAdmin(sources.motoEndpoint, config.region);
  const sqs = new SQSClient(admin);
  const dynamodb = new DynamoDBClient(admin);
  const read = async (): Promise<LocalStatus> => {
    const now = Date.now();
    const [photos, batches, waiting, rows, queues] = await Promise.all([
      fromTable(config.tables.photos, (table) => countPhotosByStatus(dynamodb, table), {
        PENDING: 0,
        PROCESSED: 0,
        FAILED: 0,
      }),
      fromTable(config.tables.batches, (table) => countBatches(dynamodb, table), { open: 0, total: 0 }),
      fromTable(config.tables.receipts, (table) => countWaitingReviews(dynamodb, table), 0),
      sources.countDeliveries(),
      Promise.all(
        Object.entries(config.queues).map(
          async ([key, queue]) => [key, await readQueueStatus(sqs, queue, meter, now)] as const,
        ),
      ),
    ]);
    return {
      at: new Date(now).toISOString(),
      photos,
      batches,
      queues: Object.fromEntries(queues),
      workflows: workflowCounts(config, sources.executions()),
      reviews: { waiting },
      deliveries: { rows },
      functions: meter.functions(),
    };
  };
  return {
    read,
    destroy: () => {
      sqs.destroy();
      dynamodb.destroy();
    },
  };
};
