import { join } from "node:path";
import { type EventsLog, mappingConcurrency, repoRoot, type Stack, startStack } from "@shoebox/devstack";
import { type PostgresServer, startPostgres } from "@shoebox/testing";

/** The function whose sessions are capped, and whose event source mapping holds the cap. */
export const DELIVERY_FUNCTION = "receipt-delivery";

export interface PeakStack {
  stack: Stack;
  /** The delivery database. `managed` says whether stopServer()/startServer() may be used (an outage). */
  postgres: PostgresServer;
  /** receipt-delivery's maximum_concurrency from runtime_config: the most sessions it may open. */
  cap: number;
  stop(): Promise<void>;
}

export interface PeakStackOptions {
  log?: EventsLog;
  functionInfoLevel?: "debug" | "info";
  manifest?: string;
  /**
   * Start a PostgreSQL server of our own even when DATABASE_URL names one: the fault run must be
   * able to stop and start it.
   */
  ownDatabase?: boolean;
  /**
   * Terraform copy and state (default .local/peak/terraform, functions beside it): apart from
   * make dev / make demo, so a peak run and a demo on the same checkout do not share state.
   */
  workDir?: string;
  /** Terraform variables for this stack (only those the configuration declares are passed), e.g. to compare settings. */
  variables?: Record<string, unknown>;
  say?: (line: string) => void;
}

/** The cap of the delivery sessions, as Terraform configured the event source mapping. */
export const deliveryCap = (config: Stack["config"]): number => {
  const mapping = config.event_source_mappings[DELIVERY_FUNCTION];
  if (!mapping) throw new Error(`runtime_config has no event source mapping for ${DELIVERY_FUNCTION}`);
  return mappingConcurrency(mapping);
};

/**
 * The local stack with a delivery database this process holds: a PostgreSQL server (or
 * DATABASE_URL, unless `ownDatabase`) handed to the stack as its DATABASE_URL, which the stack
 * migrates and passes to Terraform as `delivery_database_url`; so receipt-delivery writes where
 * we count, and the bench can stop the server for an outage.
 *
 * @example
 * const { stack, postgres, cap, stop } = await startPeakStack({ ownDatabase: true });
 */
export const startPeakStack = async (options: PeakStackOptions = {}): Promise<PeakStack> => {
  const say = options.say ?? (() => {});
  const env = { ...process.env };
  if (options.ownDatabase) delete env.DATABASE_URL;
  const postgres = await startPostgres({ env });
  try {
    const stack = await startStack({
      ...(options.log ? { log: options.log } : {}),
      ...(options.functionInfoLevel ? { functionInfoLevel: options.functionInfoLevel } : {}),
      ...(options.manifest ? { manifest: options.manifest } : {}),
      workDir: options.workDir ?? join(repoRoot, ".local", "peak", "terraform"),
      ...(options.variables ? { variables: options.variables } : {}),
      // The stack migrates the database and hands it (URL and CA) to Terraform for the secret.
      env: {
        ...env,
        DATABASE_URL: postgres.url,
        ...(postgres.caCertificateFile ? { DATABASE_CA_FILE: postgres.caCertificateFile } : {}),
      },
    });
    const { applied } = stack.database;
    say(
      `PostgreSQL ${postgres.managed ? "started" : "from DATABASE_URL"} at ${postgres.url}` +
        (applied.length ? ` (migrations ${applied.join(", ")})` : " (schema up to date)"),
    );
    return {
      stack,
      postgres,
      cap: deliveryCap(stack.config),
      stop: async () => {
        await stack.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    throw error;
  }
};
