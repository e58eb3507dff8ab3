import { SQSClient } from "@aws-sdk/client-sqs";
import { type ConnectionSettings, DeliveryConnection, migrate } from "@shoebox/pg-delivery";
import { Progress } from "./progress.ts";
import { runWorker, type WorkerSettings } from "./worker.ts";

export interface AgentSettings extends WorkerSettings {
  database: ConnectionSettings;
  /** Workers, each with its own connection: the most sessions the agent opens on the database. */
  concurrency: number;
  /** Apply the shipped migrations at start (needs a user allowed to create tables). */
  migrate: boolean;
}

/**
 * Runs the agent until `stop` aborts (or, with `untilEmpty`, until the queue is empty) and
 * returns what it delivered. Every worker finishes its write in progress before it returns.
 *
 * @example
 * const stop = new AbortController();
 * process.once("SIGTERM", () => stop.abort());
 * const counts = await runAgent(settings, stop.signal);
 */
/** Applies the shipped migrations over a connection of its own, closed whatever happens; returns their names. */
export const migrateDatabase = async (database: ConnectionSettings): Promise<string[]> => {
  const connection = new DeliveryConnection(database);
  return connection.run((client) => migrate(client)).finally(() => connection.close());
};

export const runAgent = async (
  settings: AgentSettings,
  stop: AbortSignal,
  options: { sqs?: SQSClient; progress?: Progress } = {},
) => {
  const sqs = options.sqs ?? new SQSClient({});
  const progress = options.progress ?? new Progress();
  if (settings.migrate) {
    const applied = await migrateDatabase(settings.database);
    progress.problem(
      applied.length ? `applied migrations ${applied.join(", ")}` : "the database schema is up to date",
    );
  }
  const connections = Array.from(
    { length: settings.concurrency },
    () => new DeliveryConnection(settings.database),
  );
  progress.start();
  try {
    await Promise.all(connections.map((connection) => runWorker(sqs, connection, settings, progress, stop)));
  } finally {
    progress.stop();
    await Promise.all(connections.map((connection) => connection.close()));
  }
  return progress.counts;
};
